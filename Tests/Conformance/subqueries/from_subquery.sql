SELECT x * 2 FROM (SELECT number AS x FROM numbers(3)) ORDER BY x;
SELECT count(), sum(y) FROM (SELECT number % 3 AS y FROM numbers(10) WHERE number > 2);
SELECT k, c FROM (SELECT number % 2 AS k, count() AS c FROM numbers(7) GROUP BY k) ORDER BY k;
SELECT * FROM (SELECT 1 AS a, 'x' AS b) AS t;
