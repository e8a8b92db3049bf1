CREATE TABLE raw (k UInt8, x Float32) ENGINE = MergeTree() ORDER BY k;
CREATE TABLE agg (k UInt8, s AggregateFunction(avg, Float32), q AggregateFunction(quantile(0.5), Float32), c AggregateFunction(count)) ENGINE = AggregatingMergeTree() ORDER BY k;
CREATE MATERIALIZED VIEW mv TO agg AS SELECT k, avgState(x) AS s, quantileState(0.5)(x) AS q, countState() AS c FROM raw GROUP BY k;
INSERT INTO raw VALUES (1, 1), (1, 2), (2, 10);
INSERT INTO raw VALUES (1, 3), (2, 20), (2, 30);
SELECT k, avgMerge(s), quantileMerge(0.5)(q), quantileMerge(0.9)(q), countMerge(c) FROM agg GROUP BY k ORDER BY k;
OPTIMIZE TABLE agg FINAL;
SELECT k, avgMerge(s), countMerge(c) FROM agg GROUP BY k ORDER BY k;
SELECT avgMerge(s), countMerge(c) FROM mv;
