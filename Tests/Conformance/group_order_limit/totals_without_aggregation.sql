-- A constant key keeps its value in the totals, ROLLUP and CUBE rows; without aggregation
-- these modifiers are refused.
SELECT 11 AS n GROUP BY n WITH TOTALS;
SELECT 12 AS n GROUP BY n WITH ROLLUP;
SELECT 13 AS n, count() GROUP BY n WITH CUBE;
SELECT 'k' AS k, number % 2 AS p, sum(number) FROM numbers(6) GROUP BY k, p WITH ROLLUP ORDER BY p, k;
SELECT 1 AS n WITH TOTALS; -- { serverError 48 }
SELECT 1 AS n WITH ROLLUP; -- { serverError 48 }
SELECT number FROM numbers(3) WITH CUBE; -- { serverError 48 }
SELECT count() FROM numbers(3) WITH TOTALS;
