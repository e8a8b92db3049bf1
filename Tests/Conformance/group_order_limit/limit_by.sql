SELECT number % 3 AS k, number FROM numbers(12) ORDER BY k, number LIMIT 2 BY k;
