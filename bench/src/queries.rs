//! `queries`: latency of the three summaries and of a filtered, paginated list, one request at
//! a time against a running server; then of country summaries `as_of` instants early, midway
//! and late in the log (time travel folds the streams changed after the instant).

use std::time::{Duration, Instant};

use anyhow::{anyhow, ensure, Context as _};
use reqwest::{Client, Url};
use serde_json::Value;

use crate::data::Rng;
use crate::stats::Samples;
use crate::target::{http_client, local_url};

/// At most this many rounds of four requests, whatever the duration.
const MAX_ROUNDS: usize = 1_000_000;
/// Time-travelling summaries per instant: each may fold much of the log.
const AS_OF_REQUESTS: usize = 3;

async fn get(client: &Client, url: Url) -> anyhow::Result<Value> {
    let response = client.get(url.clone()).send().await?;
    let status = response.status();
    let body: Value = response.json().await.unwrap_or_default();
    ensure!(status.is_success(), "GET {url} answered {status}: {body}");
    Ok(body)
}

fn with_segments(base: &Url, segments: &[&str]) -> anyhow::Result<Url> {
    let mut url = base.clone();
    url.path_segments_mut().map_err(|()| anyhow!("not a base URL"))?.clear().extend(segments);
    Ok(url)
}

/// The names a summary takes: every country, programme id and donor the read models know.
async fn names(client: &Client, base: &Url, list: &str, field: &str) -> anyhow::Result<Vec<String>> {
    let items = get(client, with_segments(base, &["api", "v1", list])?).await?;
    let names: Vec<String> = items
        .as_array()
        .map(|items| items.iter().filter_map(|i| i[field].as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    ensure!(!names.is_empty(), "GET /api/v1/{list} is empty: generate data and replay first");
    Ok(names)
}

struct Kinds {
    country: Samples,
    programme: Samples,
    /// A programme over dates that cut months at both ends: whole months from the summary
    /// cells, the partial ones from the detail tables.
    programme_dated: Samples,
    donor: Samples,
    list: Samples,
}

pub async fn run(url: &str, token: &str, seconds: u64) -> anyhow::Result<()> {
    let base = local_url(url)?;
    let client = http_client(token)?;
    let countries = names(&client, &base, "countries", "country").await?;
    let programmes = names(&client, &base, "programmes", "id").await?;
    let donors = names(&client, &base, "donors", "donor").await?;
    let mut rng = Rng::new(7);
    let mut kinds = Kinds {
        country: Samples::default(),
        programme: Samples::default(),
        programme_dated: Samples::default(),
        donor: Samples::default(),
        list: Samples::default(),
    };
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut rounds = 0;
    while Instant::now() < deadline && rounds < MAX_ROUNDS {
        rounds += 1;
        let country = rng.pick(&countries).clone();
        let url = with_segments(&base, &["api", "v1", "countries", &country, "summary"])?;
        timed(&client, url, &mut kinds.country).await?;
        let programme = rng.pick(&programmes).clone();
        let url = with_segments(&base, &["api", "v1", "programmes", &programme, "summary"])?;
        timed(&client, url.clone(), &mut kinds.programme).await?;
        let year = 2016 + rng.below(8);
        let mut dated = url;
        dated
            .query_pairs_mut()
            .append_pair("from", &format!("{year}-03-15"))
            .append_pair("to", &format!("{}-02-10", year + 1));
        timed(&client, dated, &mut kinds.programme_dated).await?;
        let donor = rng.pick(&donors).clone();
        let url = with_segments(&base, &["api", "v1", "donors", &donor, "summary"])?;
        timed(&client, url, &mut kinds.donor).await?;
        list_pages(&client, &base, &country, &mut kinds.list).await?;
    }
    for (name, samples) in [
        ("country_summary", &mut kinds.country),
        ("programme_summary", &mut kinds.programme),
        ("programme_summary_dated", &mut kinds.programme_dated),
        ("donor_summary", &mut kinds.donor),
        ("list", &mut kinds.list),
    ] {
        println!("RESULT query kind={name} requests={} {}", samples.len(), samples.describe());
    }
    as_of(&client, &base, &countries, &mut rng).await
}

/// Time travel: `AS_OF_REQUESTS` country summaries at each of three instants, the append
/// times of the events 1%, 50% and 99% of the way through the log.
async fn as_of(client: &Client, base: &Url, countries: &[String], rng: &mut Rng) -> anyhow::Result<()> {
    let status = get(client, with_segments(base, &["api", "v1", "projections", "status"])?).await?;
    let linked = status["events_applied"].as_i64().context("the projector's events_applied")?;
    for (name, percent) in [("early", 1), ("midway", 50), ("late", 99)] {
        let mut feed = with_segments(base, &["api", "v1", "audit", "events"])?;
        let after = (linked * percent / 100).max(1) - 1;
        feed.query_pairs_mut().append_pair("after", &after.to_string()).append_pair("limit", "1");
        let page = get(client, feed).await?;
        let instant = page["items"][0]["recorded_at"].as_str().context("an event's recorded_at")?.to_owned();
        let mut samples = Samples::default();
        for _ in 0..AS_OF_REQUESTS {
            let country = rng.pick(countries).clone();
            let mut url = with_segments(base, &["api", "v1", "countries", &country, "summary"])?;
            url.query_pairs_mut().append_pair("as_of", &instant);
            timed(client, url, &mut samples).await.with_context(|| format!("as_of {instant}"))?;
        }
        println!(
            "RESULT query kind=country_summary_as_of_{name} instant={instant} requests={} {}",
            samples.len(),
            samples.describe()
        );
    }
    Ok(())
}

async fn timed(client: &Client, url: Url, samples: &mut Samples) -> anyhow::Result<Value> {
    let began = Instant::now();
    let body = get(client, url).await?;
    samples.record(began);
    Ok(body)
}

/// Two pages of the country's delivered or reported activities (50 a page), following the cursor.
async fn list_pages(client: &Client, base: &Url, country: &str, samples: &mut Samples) -> anyhow::Result<()> {
    let mut url = with_segments(base, &["api", "v1", "activities"])?;
    url.query_pairs_mut()
        .append_pair("country", country)
        .append_pair("status", "reported")
        .append_pair("limit", "50");
    let first = timed(client, url.clone(), samples).await.context("list, first page")?;
    if let Some(cursor) = first["next_cursor"].as_str() {
        url.query_pairs_mut().append_pair("cursor", cursor);
        timed(client, url, samples).await.context("list, second page")?;
    }
    Ok(())
}
