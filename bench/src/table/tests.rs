use super::*;

fn lines(text: &str) -> Vec<Line> {
    text.lines().filter_map(Line::parse).collect()
}

#[test]
fn sqlite_http_is_judged_against_the_bus_on_the_same_store() {
    let out = render(&lines(
        "RESULT commands path=bus clients=8 commands=100 errors=0 cmds_per_s=1000 p50_ms=1 p99_ms=2\n\
         RESULT commands path=http clients=8 commands=50 errors=0 cmds_per_s=700 p50_ms=1 p99_ms=2\n",
    ));
    assert!(
        out.contains("| 700 cmd/s (p50 1 ms, p99 2 ms) | 1000 (bus, same store) | 0.70 | ≥ 0.6 | met |"),
        "{out}"
    );
}

#[test]
fn postgres_http_is_judged_against_pgbench_only_where_the_issue_sets_a_target() {
    let out = render(&lines(
        "RESULT ceiling clients=1 tps=1000\nRESULT ceiling clients=8 tps=4000\n\
         RESULT commands path=http clients=1 cmds_per_s=300\n\
         RESULT commands path=http clients=8 cmds_per_s=1000\n",
    ));
    assert!(out.contains("| 1000 (pgbench) | 0.30 | — |  |"), "{out}");
    assert!(out.contains("| 4000 (pgbench) | 0.25 | ≥ 0.35 | **missed** |"), "{out}");
}

#[test]
fn cpu_per_command_is_judged_by_backend_and_projector() {
    let out = render(&lines(
        "RESULT ceiling clients=8 tps=4000\n\
         RESULT commands path=http clients=8 commands=50 cmds_per_s=1000 cpu_us_per_cmd=140\n\
         RESULT commands stage=no_projector path=http clients=8 commands=50 cmds_per_s=1500 cpu_us_per_cmd=120\n",
    ));
    assert!(
        out.contains(
            "| Server CPU per command, http, 8 clients, full store | 140 µs | — | — | ≤ 150 | met |"
        ),
        "{out}"
    );
    assert!(
        out.contains("| Server CPU per command, http, 8 clients, full store, no projector | 120 µs | — | — | ≤ 100 | **missed** |"),
        "{out}"
    );
    assert!(out.contains("| Commands, http, 8 clients, full store, no projector | 1500 cmd/s"), "{out}");
    let sqlite =
        render(&lines("RESULT commands path=http clients=8 commands=50 cmds_per_s=900 cpu_us_per_cmd=300\n"));
    assert!(sqlite.contains("| 300 µs | — | — | ≤ 250 | **missed** |"), "{sqlite}");
}

#[test]
fn flat_cost_compares_the_two_stages_and_summaries_their_p99() {
    let out = render(&lines(
        "RESULT query stage=small kind=country_summary requests=9 p50_ms=2.00 p99_ms=3.00 max_ms=3.00\n\
         RESULT query kind=country_summary requests=9 p50_ms=3.00 p99_ms=6.00 max_ms=7.00\n\
         RESULT replay events=10 seconds=1 events_per_s=600\nRESULT read events=10 events_per_s=1000\n",
    ));
    assert!(out.contains("| Flat cost: `country_summary` | p50 3 ms at full size | p50 2 ms at small size | 1.50 | ≤ 1.2 | **missed** |"), "{out}");
    assert!(out.contains("| Query `country_summary`, p99 | p50 3.00 ms, p99 6 ms (9 requests) | — | — | ≤ 5 | **missed** |"), "{out}");
    assert!(
        out.contains("| Replay | 600 events/s (10 events) | 1000 events/s (raw read) | 0.60 | ≥ 0.5 | met |"),
        "{out}"
    );
}

#[test]
fn an_as_of_refused_by_the_server_misses_its_bound_and_ten_million_events_allow_six_ms() {
    let out = render(&lines(
        "RESULT run backend=postgres events=10000000\n\
         RESULT query kind=country_summary requests=9 p50_ms=4.00 p99_ms=5.50 max_ms=6.00\n\
         RESULT query kind=country_summary_as_of_midway requests=0 refused=3 p50_ms=0.00 p99_ms=0.00 max_ms=0.00\n",
    ));
    assert!(
        out.contains(
            "| Query `country_summary`, p99 | p50 4.00 ms, p99 5.5 ms (9 requests) | — | — | ≤ 6 | met |"
        ),
        "{out}"
    );
    assert!(out.contains("(0 requests), 3 refused | — | — | ≤ 30000 | **missed** |"), "{out}");
}

#[test]
fn the_standby_s_reads_are_set_beside_the_primary_s_alone() {
    let out = render(&lines(
        "RESULT reads stage=primary clients=8 requests=100 refused_rounds=0 requests_per_s=400 p50_ms=1 p99_ms=9\n\
         RESULT reads stage=standby clients=8 requests=100 refused_rounds=0 requests_per_s=500 p50_ms=1 p99_ms=8\n\
         RESULT storage bytes=2000000 events=1000 activities=10 bytes_per_event=2000 bytes_per_activity=200000 events_bytes=1000000 chain_bytes=500000 read_models_bytes=500000\n",
    ));
    assert!(out.contains("| Summaries and lists, 8 clients, one standby beside the primary | 500 reads/s (p50 1 ms, p99 8 ms, 0 rounds refused) | 400 reads/s (the primary alone) | 1.25 |"), "{out}");
    assert!(out.contains("| 2 MB: 2000 bytes an event, 200000 an activity (1000 events, 10 activities); log 50%, chain 25%, read models 25%, other 0%"), "{out}");
}
