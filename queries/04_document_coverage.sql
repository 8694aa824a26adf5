-- Question: Which documents cover which years?
--
-- Each current document with the reporting period it says it covers, the
-- first and last year its figures are about, and how many figures it
-- states for each year from 2009 to 2023 (years outside are counted apart).
SELECT c.file_name,
       c.doc_type,
       c.doc_year,
       c.period_start,
       c.period_end,
       c.first_year_stated,
       c.last_year_stated,
       c.observations,
       (SELECT string_agg(y.year_start::VARCHAR || ' (' || y.n::VARCHAR || ')', ', ' ORDER BY y.year_start)
        FROM (SELECT year_start, count(*) AS n
              FROM observations o
              WHERE o.doc_id = c.doc_id AND o.year_start BETWEEN 2009 AND 2023
              GROUP BY year_start) y) AS years_2009_2023,
       (SELECT count(*) FROM observations o
        WHERE o.doc_id = c.doc_id AND o.year_start NOT BETWEEN 2009 AND 2023) AS observations_outside
FROM document_coverage c
JOIN documents d USING (doc_id)
WHERE d.status = 'current'
ORDER BY c.first_year_stated NULLS LAST, c.file_name;
