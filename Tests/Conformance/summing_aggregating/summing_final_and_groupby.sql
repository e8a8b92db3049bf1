DROP TABLE IF EXISTS totals;
CREATE TABLE totals (d Date, k UInt32, n UInt64) ENGINE = SummingMergeTree PARTITION BY toYYYYMM(d) ORDER BY (k, d);
INSERT INTO totals VALUES ('2024-01-01', 1, 1), ('2024-01-01', 1, 2), ('2024-02-01', 1, 4);
INSERT INTO totals VALUES ('2024-01-01', 2, 8);
SELECT k, d, n FROM totals FINAL ORDER BY k, d;
SELECT k, sum(n) FROM totals GROUP BY k ORDER BY k;
DROP TABLE totals;
