SELECT number % 5 AS k, sum(number) AS s FROM numbers(50) GROUP BY k HAVING s > 240 ORDER BY k;
SELECT number % 4 AS k, sum(number) / count() AS mean FROM numbers(40) GROUP BY k ORDER BY mean DESC;
SELECT max(number) - min(number) FROM numbers(10, 5);
