SELECT number % 2 AS a, number % 3 AS b, count() FROM numbers(6) GROUP BY ROLLUP(a, b) ORDER BY a, b;
SELECT number % 2 AS a, number % 3 AS b, count() FROM numbers(6) GROUP BY a, b WITH ROLLUP ORDER BY a, b;
SELECT number % 2 AS a, number % 3 AS b, count() AS c FROM numbers(6) GROUP BY CUBE(a, b) ORDER BY a, b, c;
SELECT toString(number % 2) AS a, count() FROM numbers(6) GROUP BY a WITH ROLLUP ORDER BY a;
