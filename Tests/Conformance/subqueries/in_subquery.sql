SELECT number FROM numbers(10) WHERE number IN (SELECT number * 3 FROM numbers(4)) ORDER BY number;
SELECT number FROM numbers(5) WHERE number NOT IN (SELECT 1 UNION ALL SELECT 3) ORDER BY number;
SELECT 2 IN (SELECT 2), 5 IN (SELECT number FROM numbers(3));
