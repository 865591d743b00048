-- Summary cells by year (`Y2019`) and for all time (`ALL`) beside the month cells (`2019-03`),
-- in the same `month` column (projections/src/cells.rs, `period`): a summary without a range
-- reads the all-time cells alone, one over a range whole years from the year cells and the
-- months at either end from the month cells, instead of every month of the scope.
--
-- The cells are removed here and written again, months and rollups together, by the
-- projector's backfill when the server starts (a generation with activities and no cells gets
-- them from its activities' recorded states, projections/src/cells.rs, `backfill`); funding
-- amounts are exact decimal text that SQL cannot add without overflowing, so the rollups are
-- not summed here. Until the backfill has run, summaries read no cells.
DELETE FROM rm_summary_cells;

-- A list filtered by country walks that country's rows in the list's order (date, then id) and
-- stops after a page; so does a programme's. Without the id the index gave the date order only.
DROP INDEX rm_activity_countries_by_country;
CREATE INDEX rm_activity_countries_by_country ON rm_activity_countries (generation, country, date_key, activity_id);
DROP INDEX rm_activities_by_programme;
CREATE INDEX rm_activities_by_programme ON rm_activities (generation, programme_id, date_key, activity_id);
