-- Question: Where exactly does each torture registration figure come from, so that I can check it?
--
-- Every value of one metric with its quote, the text around it (up to 120
-- characters each side, newlines shown as spaces), and whether the quote
-- is exactly the text at its offsets (the provenance guarantee; always
-- true). Change 'torture_registered' for another metric.
--
-- The text is read from the few chunks around each quote (chunks tile their
-- document, and near.at is where the first of them starts), not from the
-- documents view, which would assemble every document's whole text: at
-- 1 GB (53,180 rows), 2.5 s against 14.3-16.8 s that way.
WITH o AS (
    SELECT * FROM current_observations WHERE metric = 'torture_registered'
), near AS (
    SELECT o.obs_id, min(c.char_start) AS at, string_agg(c.text, '' ORDER BY c.char_start) AS text
    FROM o JOIN chunks c ON c.doc_id = o.doc_id
     AND c.char_end > greatest(o.char_start - 120, 0) AND c.char_start < o.char_end + 120
    GROUP BY o.obs_id
)
SELECT o.year_start,
       o.year_end,
       o.file_name,
       o.paragraph,
       o.value,
       o.quote,
       substring(n.text, o.char_start - n.at + 1, o.char_end - o.char_start) = o.quote AS quote_matches_text,
       regexp_replace(
           substring(n.text, greatest(o.char_start - 120, 0) - n.at + 1,
                     o.char_start - greatest(o.char_start - 120, 0))
           || '[' || o.quote || ']'
           || substring(n.text, o.char_end - n.at + 1, 120),
           '\s+', ' ', 'g') AS context
FROM o JOIN near n USING (obs_id)
ORDER BY o.year_start, o.file_name, o.char_start;
