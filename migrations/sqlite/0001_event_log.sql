-- The event log, as sqlite-es reads and writes it, plus the time of the append.
-- The global position is the rowid: events are never deleted, so rowids grow by one with each
-- append, and the single writer makes insertion order the commit order.
-- The primary key must stay: sqlite-es reads its violation (1555) as an optimistic-concurrency
-- conflict.
CREATE TABLE events
(
    aggregate_type text                          NOT NULL,
    aggregate_id   text                          NOT NULL,
    sequence       integer CHECK (sequence >= 0) NOT NULL,
    event_type     text                          NOT NULL,
    event_version  text                          NOT NULL,
    payload        text                          NOT NULL,
    metadata       text                          NOT NULL,
    recorded_at    text NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    PRIMARY KEY (aggregate_type, aggregate_id, sequence)
) STRICT;

-- A retried command finds the events its first attempt wrote.
CREATE INDEX events_idempotency_key ON events (metadata ->> 'idempotency_key')
    WHERE metadata ->> 'idempotency_key' IS NOT NULL;

-- Required by sqlite-es's repository; tatrack does not snapshot (see DESIGN.md).
CREATE TABLE snapshots
(
    aggregate_type   text                                  NOT NULL,
    aggregate_id     text                                  NOT NULL,
    last_sequence    integer CHECK (last_sequence >= 0)    NOT NULL,
    current_snapshot integer CHECK (current_snapshot >= 0) NOT NULL,
    payload          text                                  NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id, last_sequence)
) STRICT;

-- Programme codes are unique across programmes, which no single stream can enforce.
CREATE TABLE programme_codes
(
    code         text PRIMARY KEY,
    programme_id text NOT NULL
) STRICT;
