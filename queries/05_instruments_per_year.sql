-- Question: How many legal instruments were adopted each year from 2009 to 2023, and which?
--
-- From the view instruments_by_year (one row per instrument, its year from
-- its date or, failing that, the year stated). Kinds are counted; titles
-- are listed as written, with the number when the text gives one.
SELECT year,
       count(*) AS instruments,
       string_agg(DISTINCT kind, ', ' ORDER BY kind) AS kinds,
       string_agg(kind || coalesce(' No. ' || number, '') || coalesce(' ' || title, ''), '; '
                  ORDER BY issued_on NULLS LAST, kind, number, title, instrument_id) AS which
FROM instruments_by_year
WHERE year BETWEEN 2009 AND 2023
GROUP BY year
ORDER BY year;
