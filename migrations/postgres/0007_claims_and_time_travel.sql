-- Programme codes are now claimed in the transaction that appends the programme's registration
-- (projections/src/append.rs). Claims taken the old way, before and apart from it, could outlive
-- a refused registration or pass to a second programme under concurrency: rebuild the table from
-- the log, the first registration of each code in commit order keeping it.
DELETE FROM programme_codes;
INSERT INTO programme_codes (code, programme_id)
SELECT DISTINCT ON (payload -> 'ProgrammeRegistered' ->> 'code') payload -> 'ProgrammeRegistered' ->> 'code',
       aggregate_id
FROM events
WHERE aggregate_type = 'Programme' AND event_type = 'ProgrammeRegistered'
ORDER BY payload -> 'ProgrammeRegistered' ->> 'code', tx_id, position;

-- Time travel (projections/src/as_of.rs) reads only the events recorded after an instant.
CREATE INDEX events_recorded_at ON events (recorded_at, position);
