SELECT number % 3 AS k, count(), sum(number) FROM numbers(20) GROUP BY k ORDER BY k;
SELECT number % 2 AS a, number % 3 AS b, count() FROM numbers(12) GROUP BY a, b ORDER BY a, b;
SELECT toString(number % 2) AS s, max(number) FROM numbers(9) GROUP BY s ORDER BY s;
