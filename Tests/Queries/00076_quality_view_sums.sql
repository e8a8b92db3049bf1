CREATE TABLE q (ts DateTime, svc UUID, halluc UInt8, score Float32) ENGINE = MergeTree() ORDER BY (svc, ts);
CREATE MATERIALIZED VIEW qv ENGINE = AggregatingMergeTree() ORDER BY (svc, h) AS SELECT toStartOfHour(ts) AS h, svc, sumState(halluc) AS hs, avgState(score) AS a, countState() AS n FROM q GROUP BY h, svc;
INSERT INTO q VALUES ('2026-11-20 10:00:00', '00000000-0000-0000-0000-000000000001', 1, 0.5), ('2026-11-20 10:10:00', '00000000-0000-0000-0000-000000000001', 1, 0.25), ('2026-11-20 10:20:00', '00000000-0000-0000-0000-000000000001', 0, 1);
INSERT INTO q VALUES ('2026-11-20 10:30:00', '00000000-0000-0000-0000-000000000001', 200, 0.75);
SELECT h, sumMerge(hs), avgMerge(a), countMerge(n) FROM qv GROUP BY h;
SELECT sum(hs) FROM qv; -- { serverError 43 }
