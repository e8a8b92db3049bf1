SELECT count(DISTINCT number % 4) FROM numbers(100);
SELECT uniqExact(number % 4) FROM numbers(100);
