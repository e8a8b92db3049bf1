-- `expr AS name` inside an expression: the alias is the query's, and names the column.
SELECT intDiv(number, 3 AS d) AS k, number % d AS x FROM numbers(5);
SELECT intDiv(number, 3 AS d), d FROM numbers(2);
SELECT (1 AS a) + a, a;
SELECT sum(number AS n), max(n) FROM numbers(5);
SELECT number FROM numbers(5) WHERE (number % 2 AS odd) = 1 AND odd;
SELECT [number AS m, m * 2] FROM numbers(2);
SELECT ignore(rand() AS k), count() FROM numbers(10) GROUP BY k LIMIT 0;
-- -MergeState: states merged, answered as a state.
SELECT k % 7 AS k2, finalizeAggregation(uniqMergeState(state)), uniqMerge(state), toTypeName(sumMergeState(s))
FROM (SELECT k, uniqState(x) AS state, sumState(x) AS s FROM (SELECT number % 11 AS k, intDiv(number, 7) AS x FROM numbers(100)) GROUP BY k)
GROUP BY k2 ORDER BY k2;
-- SummingMergeTree((nMap)) of a Nested column named …Map sums its arrays as a map.
CREATE TABLE nested_sums (k UInt64, other UInt32, totalsMap Nested(id UInt32, n Int64)) ENGINE = SummingMergeTree((totalsMap)) ORDER BY k;
INSERT INTO nested_sums VALUES (0, 20, [1], [100]), (1, 20, [1, 2], [100, 150]);
INSERT INTO nested_sums VALUES (0, 20, [2], [150]), (1, 20, [1], [-100]);
OPTIMIZE TABLE nested_sums FINAL;
SELECT k, other, totalsMap.id, totalsMap.n FROM nested_sums ORDER BY k;
-- A state times n: merged with itself into n times its rows (sum × n, uniq the same, n copies).
SELECT countMerge(x) FROM (SELECT countState() * 2 AS x FROM numbers(3));
SELECT countMerge(x) FROM (SELECT 0 * countState() AS x FROM numbers(3));
SELECT sumMerge(y), avgMerge(z), uniqMerge(u), groupArrayMerge(g) FROM (SELECT sumState(number) * 5 AS y, avgState(number) * 3 AS z, uniqState(number) * 10 AS u, groupArrayState(number) * 2 AS g FROM numbers(3));
SELECT groupArrayMerge(2)(y * 5) FROM (SELECT groupArrayState(2)(number) AS y FROM numbers(1));
SELECT sumMerge(y * k) FROM (SELECT number AS k, sumState(number) AS y FROM numbers(2) GROUP BY k); -- { serverError 44 }
