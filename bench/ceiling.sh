#!/usr/bin/env bash
# PostgreSQL's ceiling for one-event transactions: pgbench inserts one event-shaped row per
# transaction (autocommit, like postgres-es's append) into a scratch table, at 1, 8 and 32
# clients for BENCH_CEILING_SECONDS (10) each. Prints "RESULT ceiling clients=N tps=X".
# Only 127.0.0.1:5432 as user postgres; the scratch database is dropped at the end.
set -euo pipefail
SECONDS_EACH=${BENCH_CEILING_SECONDS:-10}
CLIENTS=${BENCH_CEILING_CLIENTS:-"1 8 32"}
PGARGS=(-h 127.0.0.1 -p 5432 -U postgres)
if ! command -v pgbench >/dev/null; then
    apt-get install -y postgresql-contrib >/dev/null || apt-get install -y postgresql-client >/dev/null
fi
DB="tatrack_ceiling_$$"
SCRIPT=$(mktemp /tmp/tatrack-ceiling-XXXXXX.sql)
trap 'rm -f "$SCRIPT"; psql "${PGARGS[@]}" -qc "DROP DATABASE IF EXISTS $DB" postgres >/dev/null 2>&1 || true' EXIT
psql "${PGARGS[@]}" -qc "CREATE DATABASE $DB" postgres
# The shape of tatrack's events table (migrations/postgres/0001_event_log.sql), indexes included.
psql "${PGARGS[@]}" -q "$DB" <<'SQL'
CREATE TABLE events (
    aggregate_type text NOT NULL, aggregate_id text NOT NULL, sequence bigint CHECK (sequence >= 0) NOT NULL,
    event_type text NOT NULL, event_version text NOT NULL, payload jsonb NOT NULL, metadata jsonb NOT NULL,
    position bigint GENERATED ALWAYS AS IDENTITY, tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (aggregate_type, aggregate_id, sequence));
CREATE INDEX events_position ON events (position);
CREATE INDEX events_commit_order ON events (tx_id, position);
CREATE INDEX events_idempotency_key ON events ((metadata ->> 'idempotency_key'));
SQL
cat >"$SCRIPT" <<'SQL'
INSERT INTO events (aggregate_type, aggregate_id, sequence, event_type, event_version, payload, metadata)
  VALUES ('Activity', gen_random_uuid()::text, 1, 'OutputRecorded', '1.0',
  '{"OutputRecorded":{"kind":"manual_published","description":"Investigators handbook"}}',
  '{"actor":"tatrack-bench","role":"admin","request_id":"00000000-0000-4000-8000-000000000000"}');
SQL
for c in $CLIENTS; do
    threads=$(( c < 2 ? 1 : 2 ))
    tps=$(pgbench "${PGARGS[@]}" -n -f "$SCRIPT" -c "$c" -j "$threads" -T "$SECONDS_EACH" "$DB" 2>/dev/null \
        | awk '/^tps = / {print int($3); exit}')
    echo "RESULT ceiling clients=$c tps=${tps:-?}"
done
