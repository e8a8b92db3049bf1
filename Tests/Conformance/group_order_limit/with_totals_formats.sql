SELECT number % 2 AS k, count() AS c, sum(number) FROM numbers(5) GROUP BY k WITH TOTALS ORDER BY k;
SELECT number % 2 AS k, count() AS c, sum(number) FROM numbers(5) GROUP BY k WITH TOTALS ORDER BY k FORMAT TSVWithNames;
SELECT number % 2 AS k, count() AS c FROM numbers(5) GROUP BY k WITH TOTALS ORDER BY k FORMAT CSV;
SELECT number % 2 AS k, count() AS c FROM numbers(5) GROUP BY k WITH TOTALS ORDER BY k FORMAT JSONEachRow;
SELECT number % 2 AS k, count() AS c, sum(number) FROM numbers(5) GROUP BY k WITH TOTALS ORDER BY k FORMAT Vertical;
SELECT toString(number % 2) AS k, count() AS c FROM numbers(5) GROUP BY k WITH TOTALS ORDER BY k LIMIT 1;
SELECT count() FROM numbers(5) WITH TOTALS;
SELECT toDate(number) AS d, avg(number) FROM numbers(3) GROUP BY d WITH TOTALS ORDER BY d;
