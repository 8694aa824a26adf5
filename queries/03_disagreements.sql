-- Question: Where do two documents state different values for the same metric and year?
--
-- From the view metric_disagreements: one row per metric and period on
-- which the current documents disagree, with every document's values side
-- by side (file: value, in the order stated).
SELECT metric,
       year_start,
       year_end,
       unit,
       documents,
       min_value,
       max_value,
       list_aggregate(
           list_transform(statements_by_document, s -> s.file_name || ': ' || s.value::VARCHAR),
           'string_agg', '; ') AS values_by_document
FROM metric_disagreements
ORDER BY metric, year_start, year_end, unit;
