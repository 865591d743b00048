//! `import`: a CSV of N past activities (each planned, delivered, with participants, one
//! funding line and one output, and reported: six commands a row) imported in one go, through
//! the same function `tatrack import` and `POST /api/v1/imports` run, or with --http through a
//! server. Reports the seconds against the 30 s ceiling the issue sets for 10,000 rows.

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use anyhow::{anyhow, ensure, Context as _};
use tatrack_app::auth::Principal;
use tatrack_app::import::{self, Options, Silent, Upload};
use tatrack_app::App;
use tatrack_domain::programme::RegisterProgramme;
use tatrack_domain::token::{Role, TokenScope};
use uuid::Uuid;

use crate::target::{context, http_client, local_url, open_store};

/// The ceiling for 10,000 rows.
const CEILING_SECONDS: f64 = 30.0;
/// Commands each generated row makes.
const COMMANDS_PER_ROW: usize = 6;

/// Where to import: the store directly, or a running server.
pub enum Via {
    Store(String),
    Http { url: String, token: String },
}

pub async fn run(via: Via, rows: usize) -> anyhow::Result<()> {
    let code = format!("BENCH{}", &Uuid::new_v4().simple().to_string()[..8].to_uppercase());
    let file = csv(&code, rows);
    let (seconds, label) = match via {
        Via::Store(database_url) => {
            let app = App::new(open_store(&database_url).await?);
            register(&app, &code).await?;
            let principal = Principal {
                name: "tatrack-bench".into(),
                role: Role::Admin,
                scope: TokenScope::default(),
                funder: None,
                person: None,
            };
            let upload = Upload { file_name: "bench.csv".into(), bytes: file };
            let started = Instant::now();
            let report =
                import::import(&app, &principal, &upload, Options::default(), "bench-import", &Silent)
                    .await
                    .map_err(|e| anyhow!("the import failed: {e}"))?;
            let seconds = started.elapsed().as_secs_f64();
            ensure!(report.counts.imported == rows as u64, "imported {:?}", report.counts);
            (seconds, "store")
        }
        Via::Http { url, token } => {
            let base = local_url(&url)?;
            let client = http_client(&token)?;
            let programme = serde_json::json!({
                "id": Uuid::new_v4(), "code": code, "name": "Benchmark programme",
                "thematic_area": "corruption", "start": "2015-01-01", "end": null
            });
            let answer = client.post(base.join("/api/v1/programmes")?).json(&programme).send().await?;
            ensure!(answer.status().is_success(), "registering the programme: {}", answer.status());
            let form = reqwest::multipart::Form::new()
                .part("file", reqwest::multipart::Part::bytes(file).file_name("bench.csv"));
            let started = Instant::now();
            let answer = client
                .post(base.join("/api/v1/imports")?)
                .timeout(Duration::from_mins(2))
                .multipart(form)
                .send()
                .await?;
            let seconds = started.elapsed().as_secs_f64();
            let status = answer.status();
            let body: serde_json::Value = answer.json().await.context("the import's answer")?;
            ensure!(status.is_success(), "the import answered {status}: {body}");
            ensure!(body["counts"]["imported"] == rows, "imported {}", body["counts"]);
            (seconds, "http")
        }
    };
    let commands = rows * COMMANDS_PER_ROW;
    let count = f64::from(u32::try_from(rows)?);
    let ceiling = CEILING_SECONDS * count / 10_000.0;
    println!(
        "RESULT import_{label} rows={rows} commands={commands} seconds={seconds:.1} rows_per_s={:.0} \
         ceiling_s={ceiling:.0} verdict={}",
        count / seconds,
        if seconds <= ceiling { "met" } else { "missed" }
    );
    Ok(())
}

async fn register(app: &App, code: &str) -> anyhow::Result<()> {
    let register: RegisterProgramme = serde_json::from_value(serde_json::json!({
        "id": Uuid::new_v4(), "code": code, "name": "Benchmark programme",
        "thematic_area": "corruption", "start": "2015-01-01", "end": null
    }))?;
    app.register_programme(register, &context())
        .await
        .map_err(|e| anyhow!("registering the programme: {e}"))?;
    Ok(())
}

/// N rows of delivered and reported workshops across 2019 and 2020, in several countries.
fn csv(code: &str, rows: usize) -> Vec<u8> {
    const COUNTRIES: [&str; 6] = ["BOL", "PER", "SAU", "AGO", "KEN", "VNM"];
    let mut text = String::from(
        "programme,kind,title,countries,location,planned_start,planned_end,delivery_start,delivery_end,\
         delivery_mode,participants_female,participants_male,participants_other,institution_police,\
         funding_1_donor,funding_1_amount,funding_1_currency,output_1_kind,output_1_description,status\n",
    );
    for row in 0..rows {
        let day = 1 + row % 28;
        let month = 1 + (row / 28) % 12;
        let year = 2019 + (row / 336) % 2;
        let country = COUNTRIES[row % COUNTRIES.len()];
        let _ = writeln!(
            text,
            "{code},workshop,Workshop {row},{country},Capital,{year}-{month:02}-{day:02},{year}-{month:02}-{day:02},\
             {year}-{month:02}-{day:02},{year}-{month:02}-{day:02},in_person,{},{},0,5,European Union,{}.00,EUR,\
             manual_published,Guide {row},reported",
            5 + row % 7,
            6 + row % 5,
            1000 + row % 900
        );
    }
    text.into_bytes()
}
