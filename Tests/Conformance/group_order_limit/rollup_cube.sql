SELECT number % 2 AS a, number % 3 AS b, count() FROM numbers(6) GROUP BY ROLLUP(a, b) ORDER BY a, b;
