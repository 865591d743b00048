-- Summary cells: per scope (country, programme, donor) and month of the activities' date, what
-- the activities add up to, maintained by the projector (projections/src/cells.rs). A summary
-- sums the cells of the whole months in its range and reads the detail tables for the rest.
CREATE TABLE rm_summary_cells
(
    generation bigint NOT NULL,
    scope_kind text   NOT NULL,
    scope_key  text   NOT NULL,
    -- YYYY-MM
    month      text   NOT NULL,
    measure    text   NOT NULL,
    dim        text   NOT NULL,
    dim2       text   NOT NULL,
    amount     bigint NOT NULL,
    -- How many activities contribute: a breakdown shows the cells this is above zero for.
    activities bigint NOT NULL,
    PRIMARY KEY (generation, scope_kind, scope_key, month, measure, dim, dim2)
);

-- A generation written before this table existed gets its cells from its activities' states
-- when the server starts (projections/src/cells.rs, backfill).
