-- Question: What failed in the last run, and why?
--
-- The dead letters recorded while the most recent run was going (a message
-- that kept failing, could not be decoded or carried an unknown schema
-- version), with the inputs the run itself reported as failed. No rows
-- means the last run lost nothing.
WITH last AS (
    SELECT * FROM runs ORDER BY started_at DESC LIMIT 1
)
SELECT 'dead letter' AS what,
       dl.stage,
       dl.source,
       dl.error,
       dl.deliveries,
       dl.failed_at
FROM dead_letters dl, last
WHERE dl.failed_at >= last.started_at
  AND (last.finished_at IS NULL OR dl.failed_at <= last.finished_at)
UNION ALL
SELECT 'run error' AS what,
       NULL AS stage,
       e ->> 'input' AS source,
       e ->> 'error' AS error,
       NULL AS deliveries,
       last.finished_at AS failed_at
FROM last, unnest(CAST(coalesce(last.errors, '[]') AS JSON[])) AS t(e)
ORDER BY failed_at, stage, source;
