SELECT number FROM numbers(10) LIMIT 3 OFFSET 2;
SELECT number FROM numbers(10) LIMIT 2, 3;
SELECT number FROM numbers(10) ORDER BY number DESC LIMIT 4 OFFSET 8;
SELECT number FROM numbers(3) LIMIT 0;
SELECT number FROM numbers(10) OFFSET 7;
