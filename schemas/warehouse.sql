-- factflow warehouse, schema version 1.3.
--
-- This file is the contract with analysts: names here are never renamed or
-- removed; columns and tables are only added. Applied idempotently by every
-- loader at start-up. Offsets (char_start, char_end) are 0-based Unicode
-- code-point offsets into documents.text, end exclusive, so that for every
-- fact row f:
--   substring(d.text, f.char_start + 1, f.char_end - f.char_start) = f.quote
--
-- Keys: every table's first column is unique. document_meta (documents'
-- key), runs and dead_letters enforce it with a primary key; chunks and the three fact
-- tables, which hold nearly all rows, do not: the loader writes each
-- document's rows once, in the transaction that replaces its earlier
-- version, and an index over millions of keys would cost more than half of
-- the loading time and most of the memory. (Warehouses created before
-- schema version 1.1 keep their keys; both load the same.)

-- documents is a view (schema 1.2; created with the analysts' views in
-- pipeline/warehouse/views.go): document_meta's row with, as text, its
-- chunks' texts in order, in the columns and order documents always had:
--   doc_id, file_name, source_uri, title, doc_type, issuer, doc_year,
--   period_start, period_end, encoding, text, bytes, chars, chunks, run_id,
--   ingested_at, loaded_at, status, modified_at
-- The text is kept per chunk because DuckDB copies again every large string
-- of the vector a commit appends to: a whole document's text per row made
-- each publication cost more the more documents were loaded. A query that
-- does not read documents.text does not assemble it. Warehouses made before
-- 1.2 have a table documents; the loader moves it into these at start-up.
CREATE TABLE IF NOT EXISTS document_meta (
    doc_id       VARCHAR PRIMARY KEY,  -- hash of the decoded text (content address)
    file_name    VARCHAR NOT NULL,     -- base name of the file it was read from
    source_uri   VARCHAR NOT NULL,     -- where it was read from (absolute path)
    title        VARCHAR,              -- from the text itself
    doc_type     VARCHAR,              -- state report, reply to list of issues, country profile, web page, ...
    issuer       VARCHAR,
    doc_year     INTEGER,              -- the document's own year
    period_start INTEGER,              -- reporting period the document says it covers
    period_end   INTEGER,
    encoding     VARCHAR,              -- utf-8, utf-8-bom, utf-16le, utf-16be
    bytes        BIGINT,               -- size of the file in bytes
    chars        BIGINT,               -- length of text in code points
    chunks       INTEGER,
    run_id       VARCHAR,              -- run that ingested this version
    ingested_at  TIMESTAMPTZ,
    loaded_at    TIMESTAMPTZ,
    status       VARCHAR DEFAULT 'current', -- current | removed (file gone from the corpus)
    modified_at  TIMESTAMPTZ           -- the file's modification time when read (schema 1.1)
);

CREATE TABLE IF NOT EXISTS chunks (
    chunk_id   VARCHAR NOT NULL,       -- unique (see below)
    doc_id     VARCHAR NOT NULL,
    seq        INTEGER NOT NULL,       -- 0-based position in the document
    paragraph  INTEGER,                -- printed number of the paragraph it starts with
    char_start BIGINT NOT NULL,
    char_end   BIGINT NOT NULL,
    text       VARCHAR                 -- its part of the document's text (schema 1.2)
);
ALTER TABLE chunks ADD COLUMN IF NOT EXISTS text VARCHAR;

CREATE TABLE IF NOT EXISTS observations (
    obs_id       VARCHAR NOT NULL,     -- unique (see below)
    doc_id       VARCHAR NOT NULL,
    chunk_id     VARCHAR NOT NULL,
    paragraph    INTEGER,              -- printed number of the paragraph stating it
    metric       VARCHAR NOT NULL,     -- id from schemas/metrics.json, or x_<slug of label>
    metric_label VARCHAR,              -- the phrase of the text naming what is counted
    year_start   INTEGER NOT NULL,
    year_end     INTEGER NOT NULL,     -- = year_start for a single year
    period       VARCHAR,              -- finer period when stated (first half, as at January, ...)
    value        DOUBLE NOT NULL,
    unit         VARCHAR NOT NULL,     -- see schemas/units.md
    qualifier    VARCHAR,              -- more than, about, less than, up to, ... ; NULL when exact
    quote        VARCHAR NOT NULL,     -- the words stating the value
    char_start   BIGINT NOT NULL,
    char_end     BIGINT NOT NULL,
    extractor    VARCHAR NOT NULL      -- rules version that found it
);

CREATE TABLE IF NOT EXISTS legal_references (
    ref_id       VARCHAR NOT NULL,     -- unique (see below)
    doc_id       VARCHAR NOT NULL,
    chunk_id     VARCHAR NOT NULL,
    paragraph    INTEGER,
    code         VARCHAR NOT NULL,     -- canonical name from schemas/codes.json
    article      VARCHAR NOT NULL,
    part         VARCHAR,
    article_name VARCHAR,
    quote        VARCHAR NOT NULL,
    char_start   BIGINT NOT NULL,
    char_end     BIGINT NOT NULL,
    extractor    VARCHAR NOT NULL
);

-- Every mention of a legal instrument.
CREATE TABLE IF NOT EXISTS instrument_mentions (
    mention_id    VARCHAR NOT NULL,    -- unique (see below)
    instrument_id VARCHAR NOT NULL,    -- same instrument (kind, number, date), same id, in any document
    doc_id        VARCHAR NOT NULL,
    chunk_id      VARCHAR NOT NULL,
    paragraph     INTEGER,
    kind          VARCHAR NOT NULL,
    title         VARCHAR,
    number        VARCHAR,
    issued_on     DATE,
    year          INTEGER,
    issuer        VARCHAR,
    quote         VARCHAR NOT NULL,
    char_start    BIGINT NOT NULL,
    char_end      BIGINT NOT NULL,
    extractor     VARCHAR NOT NULL
);

-- instruments is a view (schema 1.3; with the analysts' views in
-- pipeline/warehouse/views.go): one row per instrument, its first mention
-- (earliest by the document's own doc_year, unknown last, then doc_id,
-- then place: content only, so the same whatever the load order) and how
-- many mentions current documents make of it, in the columns and order the
-- table had:
--   instrument_id, doc_id, kind, title, number, issued_on, year, issuer,
--   char_start, char_end, quote, mentions
-- It is computed from instrument_mentions when read (0.05-0.07 s over
-- 45,515 mentions, 0.18 s over 464,728), so it is never out of date;
-- keeping a table current cost every publication a read, a delete and an
-- append that grew with the warehouse. Warehouses made before 1.3 have a table instruments; the
-- loader drops it at start-up.

CREATE TABLE IF NOT EXISTS runs (
    run_id            VARCHAR PRIMARY KEY,
    started_at        TIMESTAMPTZ NOT NULL,
    finished_at       TIMESTAMPTZ,
    status            VARCHAR NOT NULL,   -- running | ok | failed | interrupted
    command           VARCHAR,
    files_seen        INTEGER,
    documents_loaded  INTEGER,
    documents_skipped INTEGER,            -- unchanged since they were last loaded
    documents_failed  INTEGER,
    documents_removed INTEGER,            -- files gone from the corpus since the last run
    documents_duplicate INTEGER,          -- files whose content another file of the run has
    chunks            BIGINT,
    facts             BIGINT,
    errors            VARCHAR             -- JSON array of {"input","error"}
);

CREATE TABLE IF NOT EXISTS dead_letters (
    dead_id     VARCHAR PRIMARY KEY,
    stage       VARCHAR NOT NULL,     -- ingest | transform | load
    subject     VARCHAR,              -- NATS subject it was read from
    source      VARCHAR,              -- file, chunk or message it names
    error       VARCHAR NOT NULL,
    deliveries  INTEGER,
    payload     BLOB,                 -- the message as received (bytes, may be invalid UTF-8)
    failed_at   TIMESTAMPTZ,
    loaded_at   TIMESTAMPTZ
);

-- Staging: facts wait here, keyless and append-only, until every chunk of
-- their document is in; then one transaction moves them to the tables
-- above. Not for analysts.
CREATE SCHEMA IF NOT EXISTS staging;

CREATE TABLE IF NOT EXISTS staging.documents (
    doc_id VARCHAR, file_name VARCHAR, source_uri VARCHAR, title VARCHAR, doc_type VARCHAR,
    issuer VARCHAR, doc_year INTEGER, period_start INTEGER, period_end INTEGER, encoding VARCHAR,
    bytes BIGINT, chars BIGINT, chunks INTEGER, run_id VARCHAR, ingested_at TIMESTAMPTZ, staged_at TIMESTAMPTZ,
    modified_at TIMESTAMPTZ
);
ALTER TABLE staging.documents ADD COLUMN IF NOT EXISTS modified_at TIMESTAMPTZ;
CREATE TABLE IF NOT EXISTS staging.chunks (
    chunk_id VARCHAR, doc_id VARCHAR, seq INTEGER, paragraph INTEGER,
    char_start BIGINT, char_end BIGINT, text VARCHAR, staged_at TIMESTAMPTZ
);
CREATE TABLE IF NOT EXISTS staging.observations AS SELECT * FROM observations LIMIT 0;
CREATE TABLE IF NOT EXISTS staging.legal_references AS SELECT * FROM legal_references LIMIT 0;
CREATE TABLE IF NOT EXISTS staging.instrument_mentions AS SELECT * FROM instrument_mentions LIMIT 0;
