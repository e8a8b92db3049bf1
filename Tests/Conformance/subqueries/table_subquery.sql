DROP TABLE IF EXISTS facts;
CREATE TABLE facts (k UInt32, v Float64) ENGINE = MergeTree ORDER BY k;
INSERT INTO facts VALUES (1, 1), (1, 3), (2, 10), (3, 7);
SELECT k, v FROM facts WHERE v > (SELECT avg(v) FROM facts) ORDER BY k;
SELECT k, total FROM (SELECT k, sum(v) AS total FROM facts GROUP BY k) WHERE total > 3 ORDER BY k;
SELECT k FROM facts WHERE k IN (SELECT k FROM facts WHERE v > 5) ORDER BY k;
DROP TABLE facts;
