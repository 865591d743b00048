#!/usr/bin/env bash
# Instructions the server executes per HTTP command, counted by valgrind's callgrind: the same
# count for the same binary and data on any machine, however fast or loaded it is. The CPU
# time per command that bench/run.sh reports moves with the machine a session gets (2x between
# two of ours); this count does not.
#
#   bench/instructions.sh sqlite            # or: bench/instructions.sh postgres
#
# A fresh store; the server under callgrind, instrumentation off while it starts; then, once
# on a server with its projector and once on one started with --no-projector: the counters
# zeroed, `tatrack-bench commands --http` at 1 client for BENCH_SECONDS (the commands a
# planned activity and its outputs, as in run.sh), a wait until the projector has caught up,
# the counters dumped; instructions over the commands landed. Everything on 127.0.0.1.
set -euo pipefail
BACKEND=${1:-sqlite}
SECS=${BENCH_SECONDS:-20}
PORT=${BENCH_PORT:-18081}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-/tmp/target-bench}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT=$(mktemp -d "/tmp/tatrack-instructions-$BACKEND-XXXXXX")
PGARGS=(-h 127.0.0.1 -p 5432 -U postgres)
API="http://127.0.0.1:$PORT"
SERVER_PID=""
DBNAME=""

log() { echo "== $(date +%H:%M:%S) $*" >&2; }

cleanup() {
    if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
    if [ -n "$DBNAME" ]; then psql "${PGARGS[@]}" -qc "DROP DATABASE IF EXISTS $DBNAME" postgres || true; fi
    rm -f "$OUT"/tatrack.db*
}
trap cleanup EXIT

case "$BACKEND" in
    sqlite) export DATABASE_URL="sqlite://$OUT/tatrack.db" ;;
    postgres)
        DBNAME="tatrack_instructions_$(date +%s)_$$"
        psql "${PGARGS[@]}" -qc "CREATE DATABASE $DBNAME" postgres
        export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$DBNAME"
        ;;
    *) echo "usage: $0 sqlite|postgres" >&2; exit 2 ;;
esac
command -v callgrind_control >/dev/null || apt-get install -y valgrind >/dev/null

log "building (release) into $CARGO_TARGET_DIR"
(cd "$ROOT" && cargo build --release -q -p tatrack-cli -p tatrack-bench)
TATRACK="$CARGO_TARGET_DIR/release/tatrack"
BENCH="$CARGO_TARGET_DIR/release/tatrack-bench"
TOKEN=$("$TATRACK" token create --role admin --name "instructions-$(date +%s)-$$" 2>/dev/null)

lag() { curl -s "$API/readyz" | sed -n 's/.*"lag":\([0-9]*\).*/\1/p'; }

# One phase: the server (with any flags given) under callgrind, COMMANDS at 1 client, the count.
measure() {
    local label=$1 landed dump instructions
    shift
    rm -f "$OUT"/callgrind.out*
    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$OUT/callgrind.out" \
        "$TATRACK" serve --addr "127.0.0.1:$PORT" --rate-limit 0 "$@" >>"$OUT/server.out" 2>>"$OUT/server.err" &
    SERVER_PID=$!
    for _ in $(seq 1 600); do curl -sf "$API/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
    curl -sf "$API/readyz" >/dev/null || { log "the server did not get ready"; tail "$OUT/server.err" >&2; exit 1; }
    callgrind_control -i on "$SERVER_PID" >/dev/null
    callgrind_control -z "$SERVER_PID" >/dev/null
    log "$label: commands for ${SECS}s at 1 client under callgrind"
    landed=$("$BENCH" commands --http "$API" --token "$TOKEN" --clients 1 --seconds "$SECS" |
        sed -n 's/^RESULT commands .*commands=\([0-9]*\) .*/\1/p')
    if [ "$label" = with_projector ]; then
        for _ in $(seq 1 1500); do [ "$(lag)" = 0 ] && break; sleep 0.2; done
    fi
    callgrind_control -d "$SERVER_PID" >/dev/null
    dump=$(ls -t "$OUT"/callgrind.out* | head -1)
    instructions=$(sed -n 's/^summary: \([0-9]*\).*/\1/p' "$dump")
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=""
    echo "RESULT instructions backend=$BACKEND server=$label commands=$landed instructions=$instructions" \
        "per_command=$(( instructions / (landed > 0 ? landed : 1) ))"
}

measure with_projector
measure no_projector --no-projector
