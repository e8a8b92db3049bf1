-- Other names ClickHouse gives its functions: the case-insensitive ones in any case, the
-- aliases; `count(*)` is `count()` (and named so). Column names keep the name as written.
SELECT LOWER('AbC'), UPPER('x'), Abs(-3), SUBSTRING('hello', 2, 3), LENGTH('abc'), CONCAT('a', 'b'), COALESCE(NULL, 1), IFNULL(NULL, 2);
SELECT SUM(number), COUNT(), AVG(number), MAX(number), MIN(number), Count(*), count(*) FROM numbers(10);
SELECT count(*) AS c FROM numbers(3) FORMAT TSVWithNames;
SELECT COUNT(*), Sum(number) FROM numbers(4) FORMAT TSVWithNames;
SELECT sumIf(number, number > 5), SUMIf(number, number > 5), countIf(number > 5) FROM numbers(10);
SELECT first_value(number), any_value(number), array_agg(number), median(number) FROM numbers(5);
SELECT sin(0), cos(0), tan(0), exp2(3), cbrt(27), log1p(0), atan2(1, 1) * 4 = pi(), hypot(3, 4), degrees(pi()), radians(180) = pi(), e() = exp(1);
SELECT Sqrt(16), POW(2, 10), POWER(2, 3), LN(1), FLOOR(2.5), CEIL(2.5), ROUND(2.5);
SELECT NoSuchFunction(1); -- { serverError 46 }
SELECT sUm(number), cOuNt() FROM numbers(3);
