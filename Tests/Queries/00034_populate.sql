CREATE TABLE ps (k UInt32, v UInt64) ENGINE = MergeTree() ORDER BY k;
INSERT INTO ps VALUES (1, 10), (1, 20), (2, 5);
CREATE MATERIALIZED VIEW pv ENGINE = SummingMergeTree() ORDER BY k POPULATE AS SELECT k, sum(v) AS total, count() AS n FROM ps GROUP BY k;
SELECT * FROM pv ORDER BY k;
INSERT INTO ps VALUES (2, 1);
SELECT k, sum(total), sum(n) FROM pv GROUP BY k ORDER BY k;
