-- The country cells of programme and donor scopes count activities by country (dim) and kind
-- (dim2), for the country x kind breakdown of summaries (projections/src/cells.rs). Rewritten
-- here from the detail tables with the projector's rules: activities not cancelled, a donor's
-- scope holding the activities it funds. A generation without cells is left to the projector's
-- backfill, which computes all of them.
DELETE FROM rm_summary_cells WHERE measure = 'country';

INSERT INTO rm_summary_cells (generation, scope_kind, scope_key, month, measure, dim, dim2, amount, money, activities)
SELECT a.generation, 'programme', a.programme_id, substr(a.date_key, 1, 7), 'country', c.country, a.kind, 0, '0', COUNT(*)
FROM rm_activities a
JOIN rm_activity_countries c ON c.generation = a.generation AND c.activity_id = a.activity_id
WHERE a.status <> 'cancelled'
  AND EXISTS (SELECT 1 FROM rm_summary_cells s WHERE s.generation = a.generation AND s.measure <> 'country')
GROUP BY a.generation, a.programme_id, substr(a.date_key, 1, 7), c.country, a.kind;

INSERT INTO rm_summary_cells (generation, scope_kind, scope_key, month, measure, dim, dim2, amount, money, activities)
SELECT a.generation, 'donor', f.donor, substr(a.date_key, 1, 7), 'country', c.country, a.kind, 0, '0', COUNT(*)
FROM rm_activities a
JOIN (SELECT DISTINCT generation, activity_id, donor FROM rm_activity_funding) f
  ON f.generation = a.generation AND f.activity_id = a.activity_id
JOIN rm_activity_countries c ON c.generation = a.generation AND c.activity_id = a.activity_id
WHERE a.status <> 'cancelled'
  AND EXISTS (SELECT 1 FROM rm_summary_cells s WHERE s.generation = a.generation AND s.measure <> 'country')
GROUP BY a.generation, f.donor, substr(a.date_key, 1, 7), c.country, a.kind;
