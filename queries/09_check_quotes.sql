-- Question: Where exactly does each torture registration figure come from, so that I can check it?
--
-- Every value of one metric with its quote, the text around it (up to 120
-- characters each side, newlines shown as spaces), and whether the quote
-- is exactly the text at its offsets (the provenance guarantee; always
-- true). Change 'torture_registered' for another metric.
SELECT o.year_start,
       o.year_end,
       o.file_name,
       o.paragraph,
       o.value,
       o.quote,
       substring(d.text, o.char_start + 1, o.char_end - o.char_start) = o.quote AS quote_matches_text,
       regexp_replace(
           substring(d.text, greatest(o.char_start - 120, 0) + 1,
                     o.char_start - greatest(o.char_start - 120, 0))
           || '[' || o.quote || ']'
           || substring(d.text, o.char_end + 1, 120),
           '\s+', ' ', 'g') AS context
FROM current_observations o
JOIN documents d USING (doc_id)
WHERE o.metric = 'torture_registered'
ORDER BY o.year_start, o.file_name, o.char_start;
