SELECT number FROM numbers(10) ORDER BY number DESC LIMIT 3;
SELECT number % 3 AS a, number FROM numbers(7) ORDER BY a, number DESC;
SELECT toFloat64(number) / 0 AS x FROM numbers(3) ORDER BY x;
SELECT number FROM numbers(5) ORDER BY number % 2, number;
