CREATE TABLE a (k UInt32, v Float64) ENGINE = MergeTree() ORDER BY k;
INSERT INTO a VALUES (1, 1.5), (2, 2.5), (3, 3.5), (4, 4.5);
SELECT k * 2 AS d FROM a WHERE d > 4 ORDER BY d;
SELECT k AS key, v AS value FROM a ORDER BY value DESC LIMIT 2 FORMAT TSVWithNames;
SELECT k % 2 AS parity, sum(v) AS total, count() AS n FROM a GROUP BY parity ORDER BY parity;
SELECT k % 2 AS parity, sum(v) AS total FROM a GROUP BY parity HAVING total > 5 ORDER BY total;
SELECT sum(v) / count() AS mean, avg(v) FROM a;
