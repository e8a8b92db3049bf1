CREATE TABLE mn (k UInt8, x Float64) ENGINE = MergeTree() ORDER BY k;
CREATE MATERIALIZED VIEW mnv ENGINE = AggregatingMergeTree() ORDER BY k AS SELECT k, maxState(x) AS mx, minState(x) AS mi FROM mn GROUP BY k;
INSERT INTO mn VALUES (1, nan);
INSERT INTO mn VALUES (1, 5), (2, -1);
INSERT INTO mn VALUES (1, 2);
SELECT k, maxMerge(mx), minMerge(mi) FROM mnv GROUP BY k ORDER BY k;
