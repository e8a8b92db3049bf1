SELECT (SELECT max(number) FROM numbers(10)) + 1;
SELECT number FROM numbers(10) WHERE number > (SELECT avg(number) FROM numbers(10)) ORDER BY number;
SELECT (SELECT number FROM numbers(3)); -- { serverError 125 }
