-- uniqCombined / uniqCombined64 (exact here, as ClickHouse's are up to several thousand distinct
-- values), and distinct counts of several arguments: uniq(a, b), uniqExact(a, b), count(DISTINCT a, b).
SELECT uniqCombined(number), uniqCombined64(number), uniqCombined(toString(number)), uniqCombined(17)(number % 7), toTypeName(uniqCombined(number)) FROM numbers(4000);
SELECT number % 3 AS k, uniqCombined(intDiv(number, 5)), uniqCombined64(toString(intDiv(number, 7))) FROM numbers(3000) GROUP BY k ORDER BY k;
SELECT uniqCombined(x), uniqCombined(number, x) FROM (SELECT number, number % 10 AS x FROM numbers(100));
SELECT uniqCombined(number) FROM numbers(0);
SELECT uniqCombinedIf(number, number % 2 = 0) FROM numbers(1000);
SELECT UNIQCOMBINED(number) FROM numbers(10); -- { serverError 46 }
SELECT uniq(number % 3, number % 2), uniqExact(number % 3, toString(number % 2)), count(DISTINCT number % 3, number % 5), count(DISTINCT number % 3) FROM numbers(100);
