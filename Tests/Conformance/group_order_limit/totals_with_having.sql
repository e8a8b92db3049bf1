-- WITH TOTALS and HAVING: the totals of the groups HAVING keeps (after_having_exclusive, the
-- default totals_mode), or of every row with totals_mode = 'before_having'.
SELECT number % 5 AS k, count() AS c FROM numbers(23) GROUP BY k WITH TOTALS HAVING c > 4 ORDER BY k;
SELECT number % 3 AS k, sum(number) AS s, avg(number) FROM numbers(10) GROUP BY k WITH TOTALS HAVING sum(number) > 12 ORDER BY k;
SELECT number % 3, number % 2, count() FROM numbers(20) WHERE number > 2 GROUP BY number % 3, number % 2 WITH TOTALS HAVING count() >= 3 ORDER BY 1, 2;
SELECT number % 3 AS k, count() FROM numbers(10) GROUP BY k WITH TOTALS HAVING count() > 100;
SET totals_mode = 'before_having';
SELECT number % 5 AS k, count() AS c FROM numbers(23) GROUP BY k WITH TOTALS HAVING c > 4 ORDER BY k;
