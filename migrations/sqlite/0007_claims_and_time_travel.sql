-- Programme codes are now claimed in the transaction that appends the programme's registration
-- (projections/src/append.rs). Claims taken the old way, before and apart from it, could outlive
-- a refused registration or pass to a second programme under concurrency: rebuild the table from
-- the log, the first registration of each code in commit order keeping it.
DELETE FROM programme_codes;
INSERT OR IGNORE INTO programme_codes (code, programme_id)
SELECT json_extract(payload, '$.ProgrammeRegistered.code'), aggregate_id
FROM events
WHERE aggregate_type = 'Programme' AND event_type = 'ProgrammeRegistered'
ORDER BY rowid;

-- Time travel (projections/src/as_of.rs) reads only the events recorded after an instant (an
-- SQLite index carries the rowid, the position, after its columns).
CREATE INDEX events_recorded_at ON events (recorded_at);

-- Idempotency keys spent, per caller, written in the transaction of the events they produced
-- (projections/src/append.rs): two concurrent commands with one key cannot both land. The
-- events' metadata keeps the answer; this table only makes the key exclusive.
CREATE TABLE idempotency_keys
(
    -- The token's name, the events' `actor`.
    actor text NOT NULL,
    key   text NOT NULL,
    PRIMARY KEY (actor, key)
) STRICT;
INSERT INTO idempotency_keys (actor, key)
SELECT DISTINCT metadata ->> 'actor', metadata ->> 'idempotency_key'
FROM events
WHERE metadata ->> 'idempotency_key' IS NOT NULL AND metadata ->> 'actor' IS NOT NULL;
