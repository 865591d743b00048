#!/usr/bin/env bash
# How long the web app's dashboard takes to render over a big log, in headless Chromium:
# generates BENCH_EVENTS events (default 1,000,000) into a fresh SQLite file with
# `tatrack-bench generate`, builds the read models with `tatrack replay`, serves them, signs in
# as a manager and as a donor, and times each dashboard from the moment it is asked for to the
# moment its totals, charts and world map are on the page (bench/web_dashboard.py).
# Needs Debian's chromium and the browser suite's pinned Python packages (scripts/browser-test
# installs both). Builds in release into CARGO_TARGET_DIR (default: the worktree's target/).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
EVENTS="${BENCH_EVENTS:-1000000}"
PORT="${BENCH_PORT:-18090}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
OUT="$(mktemp -d /tmp/tatrack-web-bench.XXXXXX)"
trap '[ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null; [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$OUT"' EXIT
log() { echo "== $*" >&2; }

cargo build --release -q -p tatrack-cli -p tatrack-bench
TATRACK="$CARGO_TARGET_DIR/release/tatrack"
BENCH="$CARGO_TARGET_DIR/release/tatrack-bench"
export DATABASE_URL="sqlite://$OUT/tatrack.db"

log "generate $EVENTS events"
if [ -n "${BENCH_DB:-}" ]; then cp "$BENCH_DB" "$OUT/tatrack.db"; else
    "$BENCH" generate --database-url "$DATABASE_URL" --events "$EVENTS" >&2
fi
log "replay"
"$TATRACK" replay >/dev/null 2>&1
"$TATRACK" token create --role admin --name "bench-admin-$$" >/dev/null 2>&1
MANAGER=$("$TATRACK" token create --role manager --name "bench-manager-$$" 2>/dev/null)
log "server on 127.0.0.1:$PORT"
"$TATRACK" serve --addr "127.0.0.1:$PORT" --rate-limit 0 >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 600); do
    curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    sleep 0.5
done
MANAGER="$MANAGER" TATRACK_BIN="$TATRACK" DATABASE_URL="$DATABASE_URL" \
    python3 "$ROOT/bench/web_dashboard.py" "http://127.0.0.1:$PORT"
