SELECT sum('abc'); -- { serverError 43 }
SELECT number, count() FROM numbers(3); -- { serverError 215 }
SELECT sum(sum(number)) FROM numbers(3); -- { serverError 184 }
SELECT count() FROM numbers(3) WHERE sum(number) > 1; -- { serverError 184 }
