CREATE TABLE m (k String, v UInt32, f Float32) ENGINE = MergeTree() ORDER BY k;
INSERT INTO m VALUES ('a', 1, 0.5), ('b', 2, 1.5), ('a', 3, 2.5), ('c', 4, 3.5), ('b', 5, 4.5), ('a', 200, 0.1);
SELECT k, count(), sum(v), avg(v), min(f), max(f) FROM m GROUP BY k ORDER BY k;
SELECT k, sum(v) AS total FROM m GROUP BY k HAVING total > 5 ORDER BY total DESC;
SELECT count(), sum(v), avg(f) FROM m;
SELECT count() FROM m WHERE v > 1000;
SELECT k, count() FROM m WHERE v > 1000 GROUP BY k;
SELECT sum(v) * 2 AS doubled, count() + 1 FROM m;
