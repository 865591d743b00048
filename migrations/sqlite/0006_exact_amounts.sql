-- Exact amounts. SQLite's integer SUM() fails on overflow ("integer overflow": summaries
-- answered 500) and a bigint column holds no more than 2^63 minor units. Amounts are now
-- decimal text of minor units, parsed and added up in Rust as i128 with checked arithmetic
-- (projections/src/amounts.rs), as on PostgreSQL. A column declared bigint would turn that
-- text back into an integer (or, past 2^63, a rounded real), so the two tables are rebuilt
-- with text columns. Existing amounts keep their values; figures that had already saturated
-- are put right by `tatrack replay`.
CREATE TABLE rm_activity_funding_exact
(
    generation   bigint NOT NULL,
    activity_id  text   NOT NULL,
    donor        text   NOT NULL,
    currency     text   NOT NULL,
    amount_minor text   NOT NULL,
    PRIMARY KEY (generation, activity_id, donor, currency)
);
INSERT INTO rm_activity_funding_exact (generation, activity_id, donor, currency, amount_minor)
SELECT generation, activity_id, donor, currency, CAST(amount_minor AS text) FROM rm_activity_funding;
DROP TABLE rm_activity_funding;
ALTER TABLE rm_activity_funding_exact RENAME TO rm_activity_funding;
CREATE INDEX rm_activity_funding_by_donor ON rm_activity_funding (generation, donor);

CREATE TABLE rm_programme_contributions_exact
(
    generation   bigint NOT NULL,
    programme_id text   NOT NULL,
    seq          bigint NOT NULL,
    donor        text   NOT NULL,
    currency     text   NOT NULL,
    amount_minor text   NOT NULL,
    received_on  text   NOT NULL,
    PRIMARY KEY (generation, programme_id, seq)
);
INSERT INTO rm_programme_contributions_exact (generation, programme_id, seq, donor, currency, amount_minor, received_on)
SELECT generation, programme_id, seq, donor, currency, CAST(amount_minor AS text), received_on
FROM rm_programme_contributions;
DROP TABLE rm_programme_contributions;
ALTER TABLE rm_programme_contributions_exact RENAME TO rm_programme_contributions;
CREATE INDEX rm_programme_contributions_by_donor ON rm_programme_contributions (generation, donor);

-- Summary cells keep counts in `amount` (bounded per activity, added in SQL) and a funding
-- cell's money in `money`, decimal text of minor units like the columns above.
ALTER TABLE rm_summary_cells ADD COLUMN money text NOT NULL DEFAULT '0';
UPDATE rm_summary_cells SET money = CAST(amount AS text), amount = 0 WHERE measure = 'funding';
