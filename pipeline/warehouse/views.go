package warehouse

// Views are the analysts' views over the tables, recreated at start-up.
const Views = `
-- Documents with their text, assembled from their chunks (see
-- schemas/warehouse.sql). A query that does not read text does not
-- assemble it: DuckDB drops the aggregate and keeps only a join on the
-- chunks' document ids.
CREATE OR REPLACE VIEW documents AS
SELECT m.doc_id, m.file_name, m.source_uri, m.title, m.doc_type, m.issuer, m.doc_year, m.period_start,
       m.period_end, m.encoding, coalesce(t.text, '') AS text, m.bytes, m.chars, m.chunks, m.run_id,
       m.ingested_at, m.loaded_at, m.status, m.modified_at
FROM document_meta m LEFT JOIN (
    SELECT doc_id, string_agg(text, '' ORDER BY seq) AS text FROM chunks GROUP BY doc_id
) t USING (doc_id);

-- Observations of current documents only, with the document's name.
CREATE OR REPLACE VIEW current_observations AS
SELECT o.*, d.file_name, d.title AS doc_title, d.doc_year
FROM observations o JOIN documents d USING (doc_id)
WHERE d.status = 'current';

-- One row per metric and period: every document's value side by side.
CREATE OR REPLACE VIEW metric_series AS
SELECT metric, year_start, year_end, unit,
       min(metric_label) AS metric_label, -- min, not any_value: the same answer every run
       count(*) AS statements,
       count(DISTINCT doc_id) AS documents,
       min(value) AS min_value,
       max(value) AS max_value,
       min(value) = max(value) AS documents_agree,
       list(struct_pack(file_name, value, qualifier, quote) ORDER BY file_name, char_start) AS statements_by_document
FROM current_observations
GROUP BY metric, year_start, year_end, unit;

-- Where documents state different values for the same metric and period.
CREATE OR REPLACE VIEW metric_disagreements AS
SELECT * FROM metric_series WHERE documents > 1 AND NOT documents_agree;

-- One row per instrument (see schemas/warehouse.sql): its first mention
-- by content order, the document's year (unknown last), its id, then the
-- offset (and the mention id, should two start at one place), and how many
-- mentions current documents make of it.
CREATE OR REPLACE VIEW instruments AS
SELECT instrument_id, f.doc_id, f.kind, f.title, f.number, f.issued_on, f.year, f.issuer,
       f.char_start, f.char_end, f.quote, mentions
FROM (
    SELECT m.instrument_id,
           arg_min({'doc_id': m.doc_id, 'kind': m.kind, 'title': m.title, 'number': m.number,
                    'issued_on': m.issued_on, 'year': m.year, 'issuer': m.issuer,
                    'char_start': m.char_start, 'char_end': m.char_end, 'quote': m.quote},
                   (d.doc_year IS NULL, d.doc_year, m.doc_id, m.char_start, m.mention_id)) AS f,
           count(*)::INTEGER AS mentions
    FROM instrument_mentions m JOIN document_meta d ON d.doc_id = m.doc_id
    WHERE d.status = 'current'
    GROUP BY m.instrument_id
);

-- Legal instruments by year, 2009-2023 and beyond, in order.
CREATE OR REPLACE VIEW instruments_by_year AS
SELECT coalesce(year(issued_on), year) AS year, kind, title, number, issued_on, issuer, mentions, instrument_id
FROM instruments
ORDER BY year NULLS LAST, issued_on NULLS LAST, kind, number, title, instrument_id;

-- How often each article of each code is cited, overall and per document.
CREATE OR REPLACE VIEW article_citations AS
SELECT code, article, count(*) AS citations, count(DISTINCT doc_id) AS documents
FROM legal_references JOIN documents USING (doc_id)
WHERE status = 'current'
GROUP BY code, article;

CREATE OR REPLACE VIEW article_citations_by_document AS
SELECT d.file_name, r.code, r.article, count(*) AS citations
FROM legal_references r JOIN documents d USING (doc_id)
WHERE d.status = 'current'
GROUP BY d.file_name, r.code, r.article;

-- Which documents cover which years.
CREATE OR REPLACE VIEW document_coverage AS
SELECT d.doc_id, d.file_name, d.title, d.doc_type, d.doc_year, d.period_start, d.period_end,
       min(o.year_start) AS first_year_stated, max(o.year_end) AS last_year_stated, count(o.obs_id) AS observations
FROM documents d LEFT JOIN observations o USING (doc_id)
GROUP BY ALL;
`
