-- Question: How many facts of each kind does each document give?
--
-- Per current document: its size, chunks, observations (and how many
-- distinct metrics), legal references and instrument mentions.
SELECT d.file_name,
       d.doc_type,
       d.doc_year,
       d.chars,
       d.chunks,
       (SELECT count(*) FROM observations o WHERE o.doc_id = d.doc_id) AS observations,
       (SELECT count(DISTINCT metric) FROM observations o WHERE o.doc_id = d.doc_id) AS metrics,
       (SELECT count(*) FROM legal_references r WHERE r.doc_id = d.doc_id) AS legal_references,
       (SELECT count(*) FROM instrument_mentions m WHERE m.doc_id = d.doc_id) AS instrument_mentions
FROM documents d
WHERE d.status = 'current'
ORDER BY d.file_name;
