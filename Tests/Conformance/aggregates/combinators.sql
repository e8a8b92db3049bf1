SELECT sumIf(number, number % 2 = 0), countIf(number > 5) FROM numbers(10);
SELECT avgIf(number, number < 4) FROM numbers(10);
SELECT sumDistinct(number % 3), count(DISTINCT number % 3) FROM numbers(10);
