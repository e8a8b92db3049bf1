DROP TABLE IF EXISTS r;
CREATE TABLE r (t DateTime, k UInt32) ENGINE = MergeTree PARTITION BY toYYYYMM(t) ORDER BY (k, t) SETTINGS index_granularity = 4;
INSERT INTO r SELECT toDateTime('2024-01-01 00:00:00') + number * 3600, number % 5 FROM numbers(100);
SELECT count() FROM r WHERE t >= '2024-01-02 00:00:00' AND t < '2024-01-03 00:00:00';
SELECT k, count() FROM r WHERE k IN (1, 3) GROUP BY k ORDER BY k;
SELECT min(t), max(t) FROM r WHERE k = 4;
DROP TABLE r;
