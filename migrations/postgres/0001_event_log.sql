-- The event log. The first seven columns are the ones postgres-es reads and writes (every
-- statement of it names its columns); the rest are ours, filled by defaults.
-- Never add another unique index here: postgres-es reads any unique violation (23505) as an
-- optimistic-concurrency conflict.
CREATE TABLE events
(
    aggregate_type text                         NOT NULL,
    aggregate_id   text                         NOT NULL,
    sequence       bigint CHECK (sequence >= 0) NOT NULL,
    event_type     text                         NOT NULL,
    event_version  text                         NOT NULL,
    payload        jsonb                        NOT NULL,
    metadata       jsonb                        NOT NULL,
    -- Global order of appends. Positions are handed out before commit, so a reader must
    -- order by (tx_id, position) and stay below the oldest running transaction.
    position       bigint GENERATED ALWAYS AS IDENTITY,
    tx_id          xid8        NOT NULL DEFAULT pg_current_xact_id(),
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (aggregate_type, aggregate_id, sequence)
);

CREATE INDEX events_position ON events (position);
CREATE INDEX events_commit_order ON events (tx_id, position);
-- A retried command finds the events its first attempt wrote.
CREATE INDEX events_idempotency_key ON events ((metadata ->> 'idempotency_key'));

-- Required by postgres-es's repository; tatrack does not snapshot (see DESIGN.md).
CREATE TABLE snapshots
(
    aggregate_type   text                                 NOT NULL,
    aggregate_id     text                                 NOT NULL,
    last_sequence    bigint CHECK (last_sequence >= 0)    NOT NULL,
    current_snapshot bigint CHECK (current_snapshot >= 0) NOT NULL,
    payload          jsonb                                NOT NULL,
    PRIMARY KEY (aggregate_type, aggregate_id, last_sequence)
);

-- Programme codes are unique across programmes, which no single stream can enforce.
CREATE TABLE programme_codes
(
    code         text PRIMARY KEY,
    programme_id text NOT NULL
);
