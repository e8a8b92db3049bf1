-- arrayReduce('f', arrays…): the aggregate f (parameters, combinators, states) over each row's
-- arrays, a row of empty arrays answering f of nothing; ClickHouse's errors for an unknown
-- function, arrays of different sizes and a name that is not a constant string.
SELECT arrayReduce('sum', [1, 2, 3]), arrayReduce('max', ['a', 'c', 'b']), arrayReduce('avg', [1.5, 2.5]), arrayReduce('uniqExact', [1, 1, 2]), arrayReduce('quantile(0.5)', [1, 2, 3, 4]);
SELECT arrayReduce('sum', range(number)), arrayReduce('avg', range(number)), arrayReduce('groupArray', range(number)), arrayReduce('count', range(number)) FROM numbers(4);
SELECT arrayReduce('sumIf', [1, 2, 3], [1, 0, 1]), arrayReduce('argMax', ['a', 'b', 'c'], [3, 1, 2]), arrayReduce('corr', [1, 2, 3], [2, 4, 7]), arrayReduce('quantilesExact(0.1, 0.9)', [5, 1, 9, 3]);
SELECT toTypeName(arrayReduce('sumState', [1, 2])), finalizeAggregation(arrayReduce('sumState', [1, 2])), arrayReduce('uniqUpTo(2)', [1, 2, 3]);
SELECT DISTINCT eq FROM (WITH range(2 + number % 10) AS arr, arrayMap(x -> x = intDiv(number, 10) ? nan : x, arr) AS arr_with_nan, arrayFilter(x -> x != intDiv(number, 10), arr) AS arr_filtered SELECT number, arrayReduce('quantileExact', arr_with_nan) AS q1, arrayReduce('quantileExact', arr_filtered) AS q2, q1 = q2 AS eq FROM numbers(100));
SELECT arrayReduce('nope', [1]); -- { serverError 63 }
SELECT arrayReduce('sumIf', [1], [1, 2]); -- { serverError 190 }
SELECT arrayReduce(1, [1]); -- { serverError 43 }
