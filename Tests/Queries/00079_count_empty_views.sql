CREATE TABLE ev (ts DateTime, v Float32) ENGINE = MergeTree() ORDER BY ts;
CREATE MATERIALIZED VIEW evv ENGINE = AggregatingMergeTree() ORDER BY h AS SELECT toStartOfHour(ts) AS h, avgState(v) AS a, quantileState(0.5)(v) AS q, countState() AS n FROM ev GROUP BY h;
SELECT avgMerge(a), quantileMerge(0.5)(q), countMerge(n) FROM evv;
SELECT h, countMerge(n) FROM evv GROUP BY h;
SELECT count() FROM evv;
