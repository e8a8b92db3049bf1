-- Higher-order array functions with lambdas: one parameter or several, outer columns used in
-- the body, nested lambdas, after GROUP BY, and the errors ClickHouse gives.
SELECT arrayMap(x -> x * 2, [1, 2, 3]), arrayFilter((x, y) -> y > 1, ['a', 'b', 'c'], [1, 2, 3]);
SELECT arrayMap(x -> x + number, [1, 2]) FROM numbers(3);
SELECT arrayCount([0, 1, 2]), arrayCount(x -> x > 1, [1, 2, 3]), arraySum(x -> x * 2, [1, 2]), arrayFirst(x -> x > 1, [1, 2, 3]);
SELECT arrayFirstIndex(x -> x > 1, [1, 2, 3]), arraySort(x -> -x, [1, 2, 3]), arrayExists(x -> x > 2, [1, 2, 3]), arrayAll(x -> x > 0, [1, 2]);
SELECT arrayMin(x -> -x, [1, 2]), arrayMax(x -> x * 10, [1, 2]), arrayAvg([1, 2]), arrayProduct([2, 3]);
SELECT arrayFirst(x -> x > 5, [1, 2]), arrayFirstIndex(x -> x > 5, [1, 2]), arrayLast(x -> x > 0, [1, 2]), arrayLastIndex(x -> x > 0, [1, 2]);
SELECT arrayCumSum(x -> x * 2, [1, 2]), arrayAvg(x -> x * 2, [1, 2]), arrayReverseSort(x -> x, [1, 3, 2]), arraySort((x, y) -> y, ['a', 'b'], [2, 1]);
SELECT arrayMap(x -> x, [1]) AS a, toTypeName(a);
SELECT arrayCount(x -> 1, []), arrayCumSum([-1, 2]), arrayCumSum([1, 2, 3]);
SELECT number, arrayMap(x -> concat(toString(x), 'y'), range(number)) FROM numbers(4);
SELECT arrayFilter(x -> x % 2 = 0, range(number)) AS f, arraySum(f) FROM numbers(6) ORDER BY number;
SELECT k, arrayMap(x -> x * k, groupArray(v)) FROM (SELECT number % 2 AS k, number AS v FROM numbers(6)) GROUP BY k ORDER BY k;
SELECT arrayMap(x -> arrayMap(y -> x + y, [10, 20]), [1, 2]);
SELECT arrayMap((a, b) -> (a, b), [1, 2], ['x', 'y']);
SELECT arrayExists(x -> x = 'b', ['a', 'b']), arrayAll(x -> length(x) = 1, ['a', 'bb']);
SELECT arrayMap(x -> x * 2, [1, 2]) AS y, arrayMap(x -> x + 1, y);
SELECT arraySort(x -> x.2, [(1, 'b'), (2, 'a')]);
SELECT arrayMap(x -> if(x > 1, 'big', 'small'), [1, 2, 3]);
SELECT arraySum(arrayMap(x -> x * x, range(number))) FROM numbers(5);
SELECT number FROM numbers(5) WHERE arrayExists(y -> y = number, [1, 3]);
DROP TABLE IF EXISTS lambda_defaults;
CREATE TABLE lambda_defaults (a Array(UInt8), b Array(UInt8) DEFAULT arrayMap(x -> x * 2, a), c UInt32 DEFAULT arrayCount((x, y) -> x < y, a, b)) ENGINE = MergeTree ORDER BY tuple();
INSERT INTO lambda_defaults (a) VALUES ([1, 2]), ([0]);
SELECT * FROM lambda_defaults ORDER BY c;
SHOW CREATE TABLE lambda_defaults;
DROP TABLE lambda_defaults;
SELECT arrayMap((x, y) -> x + y, [1, 2], [1]); -- { serverError 190 }
SELECT arrayMap(x -> x, 1); -- { serverError 43 }
SELECT arrayFilter(x -> 'a', [1]); -- { serverError 43 }
SELECT arrayMap(x -> x); -- { serverError 42 }
SELECT arrayMap(x -> y, [1]); -- { serverError 47 }
