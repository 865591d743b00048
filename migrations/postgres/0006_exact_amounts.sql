-- Exact amounts. A bigint of minor units overflowed once a donor's lines added up past 2^63
-- (the projector stopped on "bigint out of range"). Amounts are now decimal text of minor
-- units, parsed and added up in Rust as i128 with checked arithmetic (projections/src/amounts.rs):
-- the same representation on SQLite, whose integer SUM() fails on overflow and has no exact
-- wide type. PostgreSQL's numeric would add exactly, but would leave the backends' SQL apart.
-- Existing amounts keep their values; figures that had already overflowed are put right by
-- `tatrack replay`.
ALTER TABLE rm_activity_funding ALTER COLUMN amount_minor TYPE text USING amount_minor::text;
ALTER TABLE rm_programme_contributions ALTER COLUMN amount_minor TYPE text USING amount_minor::text;

-- Summary cells keep counts in `amount` (bounded per activity, added in SQL) and a funding
-- cell's money in `money`, decimal text of minor units like the columns above.
ALTER TABLE rm_summary_cells ADD COLUMN money text NOT NULL DEFAULT '0';
UPDATE rm_summary_cells SET money = CAST(amount AS text), amount = 0 WHERE measure = 'funding';
