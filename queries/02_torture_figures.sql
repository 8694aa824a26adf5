-- Question: What does every document say about torture, figure by figure, by year and source document?
--
-- Every observation whose metric id or label mentions torture, with the
-- paragraph it is stated in and the words stating it.
SELECT year_start,
       year_end,
       file_name,
       paragraph,
       metric,
       metric_label,
       value,
       unit,
       qualifier,
       quote
FROM current_observations
WHERE metric ILIKE '%tortur%' OR metric_label ILIKE '%tortur%'
ORDER BY year_start, year_end, file_name, char_start;
