-- The tamper-evidence chain over the event log (projections/src/audit.rs): one row per event in
-- commit order, link(n) = SHA-256(link(n-1) || canonical bytes of event n), link(0) = 32 zero
-- bytes. Altering, deleting or slipping an event into the linked part of the log breaks the
-- chain from that event on.
-- Written by the projector in the same transaction as its checkpoint; never updated or deleted.
-- Same table as on PostgreSQL, except that `seq integer PRIMARY KEY` makes seq the rowid (64-bit
-- here), so walking the chain in seq order reads the table itself, not an extra index.
CREATE TABLE event_links
(
    -- Dense 1..N in commit order, so a removed row shows as a gap.
    seq      integer PRIMARY KEY,
    -- The linked event's global position (events.rowid). Unique: linking an event twice fails
    -- loudly instead of forking the chain.
    position integer NOT NULL UNIQUE,
    -- Lowercase hex of the 32-byte SHA-256.
    link     text    NOT NULL CHECK (length(link) = 64)
) STRICT;
