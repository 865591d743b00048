#!/usr/bin/env bash
# tatrack's benchmark suite on one backend, end to end, with a summary table at the end.
#
#   bench/run.sh sqlite            # or: bench/run.sh postgres
#
# Environment (defaults in brackets):
#   BENCH_EVENTS    [200000]  size of the generated data set (the issue's target: 1000000)
#   BENCH_SECONDS   [10]      length of each timed phase (commands, queries, lag)
#   BENCH_CLIENTS   [1 8 32]  concurrencies of the command path
#   BENCH_LAG_RATE  [half the best HTTP rate measured]  commands per second in the lag phase
#   BENCH_PORT      [18080]   where the server listens (127.0.0.1 only)
#   BENCH_KEEP      [0]       1 keeps the PostgreSQL database / SQLite file afterwards
#   BENCH_IMPORT_ROWS [10000] rows of the import benchmark (six commands a row)
#   BENCH_THROUGH_BUS [0]     1 generates through the command bus (one commit per command)
#                             instead of in bulk
#   BENCH_STANDBY     [1]     PostgreSQL: 0 leaves out the reads' throughput with a standby
#   CARGO_TARGET_DIR [/tmp/target-bench]
#
# Steps: release build; pgbench ceiling (PostgreSQL only); a fresh store; the command path
# through the bus on the empty store; import; then a tenth of the data set (the flat-cost
# checkpoint: generate, replay, the server, the command path over HTTP, queries); then the
# rest: generate (in bulk: every command decided by the domain, the events appended in
# transactions of 20,000); read (the raw read speed of the events table in commit order: the
# replay's ceiling); the bus on the full store; `tatrack replay` (timed, with its peak RSS); the
# server (time to ready: the cold start); the command path over HTTP, with the server's CPU time
# per command; import over HTTP; queries; exports (with the server's peak RSS during each); lag
# at half the best HTTP rate; the server's peak RSS; the command path over HTTP again on a server
# started with --no-projector; on PostgreSQL, the backup (`pg_dump -Fc`) and restore
# (`pg_restore -j 2`, the restored chain checked), then the reads' throughput at 8 clients
# against the primary alone and with a streaming standby (scripts/postgres-replica-up) beside
# it. It ends with `tatrack-bench table`: every figure beside its ceiling or
# reference, the ratio, the target and the verdict, in Markdown for BENCHMARKS.md. Every phase
# is bounded in time; everything talks to 127.0.0.1 only.
set -euo pipefail
BACKEND=${1:-sqlite}
EVENTS=${BENCH_EVENTS:-200000}
SECS=${BENCH_SECONDS:-10}
CLIENTS=${BENCH_CLIENTS:-"1 8 32"}
PORT=${BENCH_PORT:-18080}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/target-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mktemp -d "/tmp/tatrack-bench-$BACKEND-XXXXXX")
RESULTS="$OUT/results.txt"
PGARGS=(-h 127.0.0.1 -p 5432 -U postgres)
SERVER_PID=""
DBNAME=""
RESTORED=""

log() { echo "== $(date +%H:%M:%S) $*" >&2; }

cleanup() {
    if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
        kill -TERM "$(pgrep -P "$SERVER_PID" || echo "$SERVER_PID")" 2>/dev/null || true
        wait "$SERVER_PID" 2>/dev/null || true
    fi
    if [ "${BENCH_KEEP:-0}" != 1 ]; then
        if [ -n "$DBNAME" ]; then psql "${PGARGS[@]}" -qc "DROP DATABASE IF EXISTS $DBNAME" postgres || true; fi
        rm -f "$OUT"/tatrack.db*
    fi
    if [ -n "$RESTORED" ]; then psql "${PGARGS[@]}" -qc "DROP DATABASE IF EXISTS $RESTORED" postgres || true; fi
    rm -f "$OUT/backup.dump" "$OUT/export.out"
    if [ "$BACKEND" = postgres ] && [ "${BENCH_STANDBY:-1}" = 1 ]; then
        "$ROOT/scripts/postgres-replica-up" stop || true
    fi
}
trap cleanup EXIT

case "$BACKEND" in
    sqlite | postgres) ;;
    *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null

log "building (release) into $CARGO_TARGET_DIR"
(cd "$ROOT" && cargo build --release -q -p tatrack-cli -p tatrack-bench)
TATRACK="$CARGO_TARGET_DIR/release/tatrack"
BENCH="$CARGO_TARGET_DIR/release/tatrack-bench"

if [ "$BACKEND" = postgres ]; then
    # A standby left running (by the tests) would replay every write of the run beside it.
    "$ROOT/scripts/postgres-replica-up" stop
    log "pgbench ceiling"
    BENCH_CEILING_SECONDS=$SECS "$ROOT/bench/ceiling.sh" | tee -a "$RESULTS"
    DBNAME="tatrack_bench_$(date +%s)_$$"
    psql "${PGARGS[@]}" -qc "CREATE DATABASE $DBNAME" postgres
    URL="postgres://postgres@127.0.0.1:5432/$DBNAME"
else
    URL="sqlite://$OUT/tatrack.db"
fi
export DATABASE_URL="$URL"
echo "RESULT run backend=$BACKEND events=$EVENTS" | tee -a "$RESULTS"

# Tags each RESULT line with the store it was measured on (see `tatrack-bench table`).
tag() { sed -u "s/^RESULT \([^ ]*\)/RESULT \1 stage=$1/"; }

bus_commands() {
    for c in $CLIENTS; do
        log "command path, bus, $c clients ($1 store)"
        "$BENCH" commands --database-url "$URL" --clients "$c" --seconds "$SECS" | tag "$1" | tee -a "$RESULTS"
    done
}

# Starts the server (with any further flags given) and waits until it answers /readyz;
# READY_MS is how long that took.
start_server() {
    local began
    began=$(date +%s%N)
    /usr/bin/time -v "$TATRACK" serve --addr "127.0.0.1:$PORT" --rate-limit 0 "$@" >>"$OUT/server.out" 2>"$OUT/server.err" &
    SERVER_PID=$!
    for _ in $(seq 1 3000); do
        curl -sf "$API/readyz" >/dev/null 2>&1 && break
        sleep 0.02
    done
    curl -sf "$API/readyz" >/dev/null || { log "the server did not get ready"; tail "$OUT/server.err" >&2; exit 1; }
    READY_MS=$(( ($(date +%s%N) - began) / 1000000 ))
}

stop_server() {
    kill -TERM "$(pgrep -P "$SERVER_PID")"
    wait "$SERVER_PID" || true
    SERVER_PID=""
}

# The server's own CPU time (user and system, in clock ticks) so far.
server_ticks() { awk '{print $14 + $15}' "/proc/$(pgrep -P "$SERVER_PID")/stat"; }

# The command path over HTTP at each concurrency (or those given after the stage), each line
# with the server's CPU time per command it landed (its process's own ticks, before and after).
http_commands() {
    local stage=$1 c before measured
    shift
    for c in ${@:-$CLIENTS}; do
        log "command path, HTTP, $c clients ($stage store)"
        before=$(server_ticks)
        measured=$("$BENCH" commands --http "$API" --token "$TOKEN" --clients "$c" --seconds "$SECS")
        echo "$measured" |
            awk -v ticks="$(( $(server_ticks) - before ))" -v hz="$(getconf CLK_TCK)" '
                /^RESULT commands/ { for (i = 1; i <= NF; i++) if ($i ~ /^commands=/) { split($i, kv, "="); n = kv[2] }
                                     if (n > 0) $0 = $0 sprintf(" cpu_us_per_cmd=%.0f", ticks * 1e6 / hz / n) }
                { print }' | tag "$stage" | tee -a "$RESULTS"
    done
}

# Waits (up to two minutes) until the projector has folded every event committed: queries are
# timed against read models at rest, not against a projector still folding the commands before.
wait_for_projector() {
    log "waiting for the projector to catch up"
    for _ in $(seq 1 600); do
        [ "$(curl -s "$API/readyz" | sed -n 's/.*"lag":\([0-9]*\).*/\1/p')" = 0 ] && break
        sleep 0.2
    done
}

# Replays the log under /usr/bin/time, recording its speed and peak RSS.
replay() {
    log "replay ($1 store)"
    timeout 1800 /usr/bin/time -v "$TATRACK" replay 2>"$OUT/replay.err" | tee "$OUT/replay.txt"
    sed -n 's/.*replayed \([0-9]*\) events in \([0-9.]*\) s (\([0-9]*\) events\/s).*/RESULT replay events=\1 seconds=\2 events_per_s=\3/p' \
        "$OUT/replay.txt" | tag "$1" | tee -a "$RESULTS"
    local rss_kb
    rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/replay.err")
    echo "RESULT rss of=replay peak_rss_mb=$(( ${rss_kb:-0} / 1024 ))" | tag "$1" | tee -a "$RESULTS"
}

API="http://127.0.0.1:$PORT"
bus_commands empty

log "import ${BENCH_IMPORT_ROWS:-10000} rows, no HTTP"
"$BENCH" import --database-url "$URL" --rows "${BENCH_IMPORT_ROWS:-10000}" | tee -a "$RESULTS"

GENERATE_FLAGS=()
if [ "${BENCH_THROUGH_BUS:-0}" = 1 ]; then GENERATE_FLAGS=(--through-bus); fi
SMALL=$((EVENTS / 10))
log "generate $SMALL events (the flat-cost checkpoint: a tenth of the data set)"
"$BENCH" generate --database-url "$URL" --events "$SMALL" "${GENERATE_FLAGS[@]}" | tag small | tee -a "$RESULTS"
replay small
TOKEN=$("$TATRACK" token create --role admin --name "bench-$(date +%s)-$$" 2>/dev/null)
log "server on 127.0.0.1:$PORT ($SMALL events)"
start_server
http_commands small
wait_for_projector
log "queries (small store)"
"$BENCH" queries --url "$API" --token "$TOKEN" --seconds "$SECS" | tag small | tee -a "$RESULTS"
stop_server

log "generate $((EVENTS - SMALL)) more events"
"$BENCH" generate --database-url "$URL" --events "$((EVENTS - SMALL))" "${GENERATE_FLAGS[@]}" | tee -a "$RESULTS"

log "read the event log (the replay's ceiling)"
"$BENCH" read --database-url "$URL" | tee -a "$RESULTS"

bus_commands full
replay full
log "storage"
"$BENCH" storage --database-url "$URL" | tee -a "$RESULTS"

log "server on 127.0.0.1:$PORT (full store)"
start_server
echo "RESULT cold_start ready_ms=$READY_MS" | tee -a "$RESULTS"
http_commands full

log "import ${BENCH_IMPORT_ROWS:-10000} rows over HTTP"
# Over HTTP the upload is bounded by the server's 30 s request timeout (past it: 503, part of
# the rows written, the rest on a resend); a refusal is reported and the run goes on.
{ "$BENCH" import --http "$API" --token "$TOKEN" --rows "${BENCH_IMPORT_ROWS:-10000}" || log "the import over HTTP failed (above)"; } | tee -a "$RESULTS"

# The queries are timed against a projector at rest, not one still folding the import's rows.
wait_for_projector

log "queries"
"$BENCH" queries --url "$API" --token "$TOKEN" --seconds "$SECS" | tee -a "$RESULTS"

log "exports (streamed; the server's RSS sampled every 50 ms)"
SPID=$(pgrep -P "$SERVER_PID")
for export in "activities?format=csv" "activities?format=xlsx" "audit/events?format=csv"; do
    # The RSS before the export: a small export may end before the sampler's first look.
    awk '/VmRSS/ {print $2}' "/proc/$SPID/status" >"$OUT/export-rss"
    (
        peak=0
        while kill -0 "$SPID" 2>/dev/null; do
            rss=$(awk '/VmRSS/ {print $2}' "/proc/$SPID/status" 2>/dev/null || echo 0)
            if [ "${rss:-0}" -gt "$peak" ]; then peak=$rss; echo "$peak" >"$OUT/export-rss"; fi
            sleep 0.05
        done
    ) &
    SAMPLER=$!
    start=$(date +%s.%N)
    rm -f "$OUT/export.out"
    # A refusal (the server's 30 s bound before the first byte) is a figure, not the run's end.
    status=$(curl -s -H "Authorization: Bearer $TOKEN" "$API/api/v1/$export" -o "$OUT/export.out" -w '%{http_code}' || echo 000)
    end=$(date +%s.%N)
    kill "$SAMPLER" 2>/dev/null || true
    wait "$SAMPLER" 2>/dev/null || true
    if [ "$status" = 200 ]; then
        bytes=$(stat -c %s "$OUT/export.out")
        rows=$(wc -l <"$OUT/export.out")
    else
        bytes="refused_$status"
        rows=0
    fi
    echo "RESULT export what=${export//[?=\/]/_} bytes=$bytes lines=$rows seconds=$(awk "BEGIN {printf \"%.1f\", $end - $start}") server_peak_rss_mb=$(($(cat "$OUT/export-rss") / 1024))" | tee -a "$RESULTS"
done
rm -f "$OUT/export.out" # the audit export alone is about a gigabyte a million events

# The issue's rate: half the best HTTP throughput measured on the full store.
LAG_RATE=${BENCH_LAG_RATE:-$(awk '/^RESULT commands stage=full path=http / {
    for (i = 1; i <= NF; i++) if ($i ~ /^cmds_per_s=/) { split($i, kv, "="); if (kv[2] > best) best = kv[2] }
} END { printf "%d", (best > 2 ? best / 2 : 1) }' "$RESULTS")}
log "lag at $LAG_RATE commands/s"
"$BENCH" lag --url "$API" --token "$TOKEN" --rate "$LAG_RATE" --seconds "$SECS" | tee -a "$RESULTS"

log "stopping the server"
stop_server
RSS_KB=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/server.err")
echo "RESULT rss of=server peak_rss_mb=$(( ${RSS_KB:-0} / 1024 ))" | tee -a "$RESULTS"

# The command path alone: a replica that leaves projecting to another (its CPU per command is
# the issue's first figure on PostgreSQL). Its commands are projected by the next server.
log "server without the projector (full store)"
start_server --no-projector
http_commands no_projector 8
stop_server

seconds_since() { awk -v began="$1" -v now="$(date +%s.%N)" 'BEGIN { printf "%.1f", now - began }'; }

if [ "$BACKEND" = postgres ]; then
    log "backup: pg_dump -Fc"
    began=$(date +%s.%N)
    pg_dump "${PGARGS[@]}" -Fc -f "$OUT/backup.dump" "$DBNAME"
    echo "RESULT backup seconds=$(seconds_since "$began") bytes=$(stat -c %s "$OUT/backup.dump")" | tee -a "$RESULTS"
    log "restore: pg_restore -j 2 into a new database, then its chain checked"
    RESTORED="${DBNAME}_restored"
    psql "${PGARGS[@]}" -qc "CREATE DATABASE $RESTORED" postgres
    began=$(date +%s.%N)
    pg_restore "${PGARGS[@]}" -j 2 -d "$RESTORED" "$OUT/backup.dump"
    restore_seconds=$(seconds_since "$began")
    began=$(date +%s.%N)
    chain=verified
    DATABASE_URL="postgres://postgres@127.0.0.1:5432/$RESTORED" "$TATRACK" audit check >"$OUT/restored-check.txt" 2>&1 || chain=broken
    echo "RESULT restore seconds=$restore_seconds jobs=2 check_seconds=$(seconds_since "$began") chain=$chain" | tee -a "$RESULTS"
    psql "${PGARGS[@]}" -qc "DROP DATABASE $RESTORED" postgres
    RESTORED=""
    rm -f "$OUT/backup.dump"
fi

# Reads spread over a standby: the same load against a server reading from the primary alone,
# then from a streaming standby on this machine (which shares its two cores with the primary).
if [ "$BACKEND" = postgres ] && [ "${BENCH_STANDBY:-1}" = 1 ]; then
    log "a streaming standby on 127.0.0.1:5433"
    "$ROOT/scripts/postgres-replica-up"
    wanted=$(psql "${PGARGS[@]}" -qAtX -c "SELECT pg_current_wal_lsn()" postgres)
    for _ in $(seq 1 3000); do
        [ "$(psql -h 127.0.0.1 -p 5433 -U postgres -qAtX -c "SELECT pg_last_wal_replay_lsn() >= '$wanted'" postgres)" = t ] && break
        sleep 0.2
    done
    log "reads at 8 clients: the primary alone"
    start_server
    "$BENCH" queries --url "$API" --token "$TOKEN" --seconds "$SECS" --clients 8 | tag primary | tee -a "$RESULTS"
    stop_server
    log "reads at 8 clients: a standby beside the primary"
    start_server --read-database-url "postgres://postgres@127.0.0.1:5433/$DBNAME"
    "$BENCH" queries --url "$API" --token "$TOKEN" --seconds "$SECS" --clients 8 | tag standby | tee -a "$RESULTS"
    stop_server
    "$ROOT/scripts/postgres-replica-up" stop
fi

echo
echo "Summary: backend=$BACKEND events=$EVENTS phase=${SECS}s $(date -u +%FT%TZ) nproc=$(nproc)" \
    "cpu=\"$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)\""
echo
"$BENCH" table "$RESULTS"
echo
echo "(raw figures in $RESULTS, all output in $OUT)"
