CREATE TABLE src (ts DateTime, svc String, x Float32) ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (svc, ts);
CREATE MATERIALIZED VIEW v ENGINE = AggregatingMergeTree() PARTITION BY toYYYYMM(h) ORDER BY (svc, h) AS SELECT toStartOfHour(ts) AS h, svc, avgState(x) AS a, quantileState(0.9)(x) AS q, countState() AS n, maxState(x) AS m FROM src GROUP BY h, svc;
INSERT INTO src VALUES ('2026-11-20 10:05:00', 'a', 1), ('2026-11-20 10:06:00', 'a', 2);
INSERT INTO src VALUES ('2026-11-20 10:07:00', 'a', 3), ('2026-10-31 23:59:59', 'a', 4);
INSERT INTO src VALUES ('2026-11-20 10:08:00', 'a', 4), ('2026-11-20 10:09:00', 'b', 5);
SELECT h, svc, avgMerge(a), quantileMerge(0.9)(q), quantileMerge(0.5)(q), countMerge(n), maxMerge(m) FROM v GROUP BY h, svc ORDER BY h, svc;
OPTIMIZE TABLE v FINAL;
SELECT h, svc, avgMerge(a), quantileMerge(0.9)(q), countMerge(n), maxMerge(m) FROM v GROUP BY h, svc ORDER BY h, svc;
SELECT count() FROM v;
