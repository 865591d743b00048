//! `queries`: latency of the three summaries (each without a range, over months cut at both
//! ends, over years with months and days around them, and waiting for a position already
//! reached) and of two pages of a filtered list, one request at a time against a running
//! server; then of country summaries `as_of` instants early, midway and late in the log (time
//! travel folds the streams changed after the instant).

use std::time::{Duration, Instant};

use anyhow::{anyhow, ensure, Context as _};
use reqwest::{Client, Url};
use serde_json::Value;

use crate::data::Rng;
use crate::stats::{rate, Samples};
use crate::target::{http_client, local_url};

/// At most this many rounds of fourteen requests, whatever the duration.
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

/// How a summary is asked: the same scope over several ranges, and waiting for a position.
const SHAPES: [&str; 4] = ["", "_dated", "_years", "_min_position"];

/// The query string of a summary of `shape` around `year`: whole months with a partial month
/// at each end (month cells and detail rows), whole years with months and days around them
/// (year cells too), or no range but a `min_position` already reached (the wait's own cost).
fn summary_query(url: &mut Url, shape: &str, year: u64, position: i64) {
    let mut query = url.query_pairs_mut();
    match shape {
        "_dated" => {
            query
                .append_pair("from", &format!("{year}-03-15"))
                .append_pair("to", &format!("{}-02-10", year + 1));
        }
        "_years" => {
            query
                .append_pair("from", &format!("{year}-05-20"))
                .append_pair("to", &format!("{}-08-10", year + 3));
        }
        "_min_position" => {
            query.append_pair("min_position", &position.to_string());
        }
        _ => {}
    }
}

/// What a summary can be asked about: every country, programme and donor the read models
/// know, and a position the projector has reached.
struct Scopes {
    countries: Vec<String>,
    programmes: Vec<String>,
    donors: Vec<String>,
    reached: i64,
}

async fn scopes(client: &Client, base: &Url) -> anyhow::Result<Scopes> {
    let status = get(client, with_segments(base, &["api", "v1", "projections", "status"])?).await?;
    Ok(Scopes {
        countries: names(client, base, "countries", "country").await?,
        programmes: names(client, base, "programmes", "id").await?,
        donors: names(client, base, "donors", "donor").await?,
        reached: status["checkpoint"].as_i64().context("the projector's checkpoint")?,
    })
}

/// Requests in a round: each scope's summary in each shape, then two pages of a list.
const ROUND: usize = 3 * SHAPES.len() + 2;

/// The names of a round's requests, in the order `round` times them.
fn round_kinds() -> Vec<String> {
    let mut kinds = Vec::with_capacity(ROUND);
    for scope in ["country", "programme", "donor"] {
        for shape in SHAPES {
            kinds.push(format!("{scope}_summary{shape}"));
        }
    }
    kinds.extend(["list_first_page".to_owned(), "list_next_page".to_owned()]);
    kinds
}

/// Empty samples for each request of a round.
fn round_samples() -> Vec<Samples> {
    (0..ROUND).map(|_| Samples::default()).collect()
}

/// One round on a country, a programme and a donor drawn by `rng`: request `i`'s latency goes
/// to `samples[i]`.
async fn round(
    client: &Client,
    base: &Url,
    scopes: &Scopes,
    rng: &mut Rng,
    samples: &mut [Samples],
) -> anyhow::Result<()> {
    let country = rng.pick(&scopes.countries).clone();
    let programme = rng.pick(&scopes.programmes).clone();
    let donor = rng.pick(&scopes.donors).clone();
    let named = [("countries", &country), ("programmes", &programme), ("donors", &donor)];
    for (at, (list, name)) in named.into_iter().enumerate() {
        for (s, shape) in SHAPES.into_iter().enumerate() {
            let mut url = with_segments(base, &["api", "v1", list, name, "summary"])?;
            summary_query(&mut url, shape, 2016 + rng.below(6), scopes.reached);
            timed(client, url, &mut samples[at * SHAPES.len() + s]).await?;
        }
    }
    let (first_page, next_page) = samples[ROUND - 2..].split_at_mut(1);
    list_pages(client, base, &country, (&mut first_page[0], &mut next_page[0])).await
}

pub async fn run(url: &str, token: &str, seconds: u64, with_as_of: bool) -> anyhow::Result<()> {
    let base = local_url(url)?;
    let client = http_client(token)?;
    let scopes = scopes(&client, &base).await?;
    let mut rng = Rng::new(7);
    let mut samples = round_samples();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut rounds = 0;
    while Instant::now() < deadline && rounds < MAX_ROUNDS {
        rounds += 1;
        round(&client, &base, &scopes, &mut rng, &mut samples).await?;
    }
    for (kind, samples) in round_kinds().iter().zip(&mut samples) {
        println!("RESULT query kind={kind} requests={} {}", samples.len(), samples.describe());
    }
    if with_as_of {
        as_of(&client, &base, &scopes.countries, &mut rng).await?;
    }
    Ok(())
}

/// Reads per second: `clients` concurrent callers each asking rounds (the summaries and the
/// list pages above) for `seconds`; a round refused is counted and the caller goes on.
pub async fn throughput(url: &str, token: &str, seconds: u64, clients: usize) -> anyhow::Result<()> {
    let base = local_url(url)?;
    let client = http_client(token)?;
    let scopes = std::sync::Arc::new(scopes(&client, &base).await?);
    let began = Instant::now();
    let deadline = began + Duration::from_secs(seconds);
    let callers: Vec<_> = (0..clients)
        .map(|caller| {
            let (client, base, scopes) = (client.clone(), base.clone(), scopes.clone());
            tokio::spawn(async move {
                let mut rng = Rng::new(7 + u64::try_from(caller).unwrap_or(0));
                let mut samples = round_samples();
                let (mut rounds, mut refused) = (0_usize, 0_usize);
                while Instant::now() < deadline && rounds < MAX_ROUNDS {
                    rounds += 1;
                    if let Err(error) = round(&client, &base, &scopes, &mut rng, &mut samples).await {
                        refused += 1;
                        eprintln!("a round was refused: {error:#}");
                    }
                }
                (samples, refused)
            })
        })
        .collect();
    let (mut all, mut refused) = (Samples::default(), 0);
    for caller in callers {
        let (samples, caller_refused) = caller.await.context("a caller stopped")?;
        for part in samples {
            all.extend(part);
        }
        refused += caller_refused;
    }
    let elapsed = began.elapsed();
    println!(
        "RESULT reads clients={clients} requests={} refused_rounds={refused} requests_per_s={:.0} {}",
        all.len(),
        rate(all.len(), elapsed),
        all.describe()
    );
    Ok(())
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
        let (mut samples, mut refused) = (Samples::default(), 0);
        for _ in 0..AS_OF_REQUESTS {
            let country = rng.pick(countries).clone();
            let mut url = with_segments(base, &["api", "v1", "countries", &country, "summary"])?;
            url.query_pairs_mut().append_pair("as_of", &instant);
            // A fold past the server's request timeout is a figure of the run, not its end.
            if let Err(error) = timed(client, url, &mut samples).await {
                refused += 1;
                eprintln!("as_of {instant}: {error:#}");
            }
        }
        println!(
            "RESULT query kind=country_summary_as_of_{name} instant={instant} requests={} refused={refused} {}",
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

/// Two pages of the country's reported activities (50 a page), following the cursor.
async fn list_pages(
    client: &Client,
    base: &Url,
    country: &str,
    (first_page, next_page): (&mut Samples, &mut Samples),
) -> anyhow::Result<()> {
    let mut url = with_segments(base, &["api", "v1", "activities"])?;
    url.query_pairs_mut()
        .append_pair("country", country)
        .append_pair("status", "reported")
        .append_pair("limit", "50");
    let first = timed(client, url.clone(), first_page).await.context("list, first page")?;
    if let Some(cursor) = first["next_cursor"].as_str() {
        url.query_pairs_mut().append_pair("cursor", cursor);
        timed(client, url, next_page).await.context("list, second page")?;
    }
    Ok(())
}
