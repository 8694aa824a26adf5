-- Question: How did registrations of torture develop year by year from 2009 to 2023, according to each document?
--
-- One row per year and document that states a value; a year no document
-- states appears once with NULLs, so gaps in the series are visible.
-- Single-year figures only. For another metric, change 'torture_registered'
-- (ids are in schemas/metrics.json; `SELECT DISTINCT metric FROM
-- observations` lists the ones found).
WITH years AS (
    SELECT range::INTEGER AS year FROM range(2009, 2024)
),
stated AS (
    SELECT year_start AS year, file_name, value, unit, qualifier, char_start
    FROM current_observations
    WHERE metric = 'torture_registered' AND year_start = year_end
)
SELECT y.year,
       s.file_name,
       s.value,
       s.unit,
       s.qualifier
FROM years y
LEFT JOIN stated s USING (year)
ORDER BY y.year, s.file_name, s.char_start;
