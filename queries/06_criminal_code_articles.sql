-- Question: Which articles of the Criminal Code are cited most, and in how many documents?
--
-- From the view article_citations, with every name the texts give the
-- article (texts name some differently) and the documents citing it.
-- Ties are broken by article number.
SELECT a.article,
       a.citations,
       a.documents,
       (SELECT string_agg(DISTINCT r.article_name, '; ' ORDER BY r.article_name) FROM legal_references r
        WHERE r.code = a.code AND r.article = a.article) AS article_names,
       (SELECT string_agg(DISTINCT b.file_name, ', ' ORDER BY b.file_name)
        FROM article_citations_by_document b
        WHERE b.code = a.code AND b.article = a.article) AS cited_in
FROM article_citations a
WHERE a.code = 'Criminal Code'
ORDER BY a.citations DESC, a.documents DESC, try_cast(regexp_extract(a.article, '^[0-9]+') AS INTEGER), a.article
LIMIT 20;
