CREATE TABLE src (k UInt32, v Float64) ENGINE = MergeTree ORDER BY k;
CREATE TABLE dst (k UInt64, v Float32, s String) ENGINE = MergeTree ORDER BY k;
INSERT INTO src SELECT number % 7, number / 4 FROM numbers(50);
INSERT INTO dst SELECT k, v, toString(k) FROM src WHERE v > 3;
SELECT count(), sum(k), min(v), max(s) FROM dst;
INSERT INTO dst (k, s) SELECT number, 'x' FROM numbers(3);
SELECT k, v, s FROM dst WHERE s = 'x' ORDER BY k;
INSERT INTO dst SELECT number, intDiv(1, number - 5), '' FROM numbers(10); -- { serverError 153 }
SELECT count() FROM dst;
INSERT INTO dst SELECT 1, 2; -- { serverError 20 }
SELECT k, count() FROM src WHERE k IN (SELECT k FROM dst WHERE v > 10) GROUP BY k ORDER BY k;
SELECT (SELECT max(k) FROM src), (SELECT count() FROM dst);
WITH top AS (SELECT k, sum(v) AS total FROM src GROUP BY k) SELECT k, total FROM top WHERE total > (SELECT avg(total) FROM top) ORDER BY k;
SELECT k FROM (SELECT k FROM src UNION ALL SELECT k FROM dst) GROUP BY k ORDER BY k LIMIT 3 OFFSET 2;
SELECT DISTINCT k % 3 FROM src ORDER BY k % 3 DESC;
SELECT k, v FROM src ORDER BY k, v DESC LIMIT 1 BY k LIMIT 3;
