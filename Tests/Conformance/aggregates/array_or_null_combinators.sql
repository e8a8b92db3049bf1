-- The -Array, -OrNull and -OrDefault combinators, alone and with -If; -OrDefault counts the
-- rows before -If's condition, -OrNull after it, as ClickHouse 26.9 does.
SELECT sumArray(a), avgArray(a), uniqArray(a), groupArrayArray(a), maxArray(a), countArray(a) FROM (SELECT [1, 2, number] AS a FROM numbers(4));
SELECT number % 2 AS k, sumArray(arr), arraySort(groupUniqArrayArray(arr)) FROM (SELECT number, range(number) AS arr FROM numbers(6)) GROUP BY k ORDER BY k;
SELECT sumOrNull(number), avgOrNull(number), maxOrNull(number), countOrNull(), sumOrDefault(number), avgOrDefault(number) FROM numbers(0);
SELECT sumOrNull(number), avgOrDefault(number), toTypeName(sumOrNull(number)), toTypeName(avgOrDefault(number)) FROM numbers(3);
SELECT number % 3 AS k, sumIfOrNull(number, number > 3), avgIfOrDefault(number, number > 3) FROM numbers(6) GROUP BY k ORDER BY k;
SELECT sumArrayIf(a, length(a) > 1) FROM (SELECT range(number) AS a FROM numbers(5));
SELECT uniqArrayOrNull(a) FROM (SELECT [number] AS a FROM numbers(0));
SELECT groupArrayOrNull(number), anyOrNull(number) FROM numbers(0);
SELECT sumArray(number) FROM numbers(1); -- { serverError 43 }
