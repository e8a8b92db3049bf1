SELECT intDiv(number, 10) AS decade, count(), min(number), max(number) FROM numbers(35) GROUP BY decade ORDER BY decade;
SELECT number % 2 = 0 AS even, sum(number) FROM numbers(10) GROUP BY even ORDER BY even;
