-- Without ORDER BY, ClickHouse lists the groups of keys that fit in two bytes by the keys'
-- bytes (an array indexed by them), not as first seen.
SELECT (10 - number) % 4 AS k, count() FROM numbers(10) GROUP BY k;
SELECT toInt8(number % 5) - 2 AS k, sum(number) FROM numbers(20) GROUP BY k;
SELECT toUInt16(1000 - number * 7) AS k, count() FROM numbers(5) GROUP BY k;
SELECT toDate('2024-03-01') - number % 3 AS d, count() FROM numbers(6) GROUP BY d;
-- Positional arguments: a whole number in GROUP BY, ORDER BY or LIMIT BY is the select
-- list's item at that place (from the end when negative).
SELECT number % 3 AS x, count() FROM numbers(7) GROUP BY 1 ORDER BY 2, 1;
SELECT concat(toString(number), 'a') FROM numbers(12) ORDER BY 1 LIMIT 3;
SELECT number FROM numbers(3) ORDER BY -1 DESC;
SELECT number % 2 AS a, number % 3 AS b FROM numbers(7) ORDER BY 1, 2 LIMIT 1 BY 1;
SELECT number FROM numbers(3) ORDER BY 1 + 0 DESC;
SELECT number FROM numbers(3) ORDER BY 2; -- { serverError 36 }
SELECT number FROM numbers(3) ORDER BY 0; -- { serverError 36 }
