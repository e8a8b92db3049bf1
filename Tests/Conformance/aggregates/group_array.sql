SELECT groupArray(number) FROM numbers(5);
SELECT number % 2 AS k, groupArray(number) FROM numbers(6) GROUP BY k ORDER BY k;
