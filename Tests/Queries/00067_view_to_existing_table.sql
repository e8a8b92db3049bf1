CREATE TABLE src (ts DateTime, k String, v Float32) ENGINE = MergeTree() ORDER BY ts;
CREATE TABLE dst (h DateTime, k String, s AggregateFunction(sum, Float32), m AggregateFunction(max, Float32), q AggregateFunction(quantiles(0.5, 0.9), Float32)) ENGINE = AggregatingMergeTree() ORDER BY (k, h);
CREATE MATERIALIZED VIEW mv TO dst AS SELECT toStartOfHour(ts) AS h, k, sumState(v) AS s, maxState(v) AS m, quantilesState(0.5, 0.9)(v) AS q FROM src GROUP BY h, k;
INSERT INTO src VALUES ('2026-11-20 10:05:00', 'x', 1.5), ('2026-11-20 10:15:00', 'x', 2.5), ('2026-11-20 11:00:00', 'y', 3);
INSERT INTO src VALUES ('2026-11-20 10:25:00', 'x', 4);
SELECT h, k, sumMerge(s), maxMerge(m), quantilesMerge(0.5, 0.9)(q) FROM dst GROUP BY h, k ORDER BY k, h;
SELECT h, k, sumMerge(s) FROM mv GROUP BY h, k ORDER BY k, h;
SHOW TABLES;
