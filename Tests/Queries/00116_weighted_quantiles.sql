-- quantileExactWeighted: each value's weights summed; the least value whose running weight reaches ceil(level · total). quantilesExact: quantileExact at several levels.
SELECT quantileExactWeighted(0.5)(number, 1) FROM (SELECT number FROM system.numbers LIMIT 1001);
SELECT quantilesExactWeighted(0, 0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, 1)(number, number) FROM (SELECT number FROM system.numbers LIMIT 1001);
SELECT quantileExactWeighted(0.5)(x, 1) AS q5, quantilesExactWeighted(0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1)(x, 1) AS qs FROM (SELECT arrayJoin([1, 1, 1, 10, 10, 10, 10, 100, 100, 100]) AS x);
SELECT k, quantileExactWeighted(0.3)(v, w), quantilesExactWeighted(0.1, 0.9)(v, w), medianExactWeighted(v, w), quantilesExact(0.2, 0.8)(v), medianTimingWeighted(v, w) FROM (SELECT number % 3 AS k, (number * 7919) % 101 AS v, toUInt8(number % 5) AS w FROM numbers(1000)) GROUP BY k ORDER BY k;
-- Zero weights, weights whose sum overflows, no rows (NaN for one level, zeros for several), DateTime and Float32 values.
SELECT quantileExactWeighted(0.5)(number, 0), quantileTimingWeighted(0.5)(number, 0) FROM numbers(10);
SELECT quantileExactWeighted(0.5)(x, w) FROM (SELECT arrayJoin([1, 2, 3]) AS x, toUInt64(-1) AS w);
SELECT quantilesExactWeighted(0.5)(toFloat64(number), 1), quantilesExact(0.5)(toFloat64(number)), quantileExact(0.5)(toFloat64(number)), quantileExactWeighted(0.5)(toFloat64(number), 1), quantilesTimingWeighted(0.5)(number, 1) FROM numbers(0);
SELECT quantileExactWeighted(0.5)(toDateTime(number), 1), quantileExactWeighted(0.5)(toFloat32(number) / 3, 2), toTypeName(quantilesExactWeighted(0.5)(toInt16(number), 1)), quantilesExact(0.9, 0.5)(toDateTime(number)) FROM numbers(10);
SELECT toTypeName(quantilesExact(0.5)(toUInt8(number))), hex(quantilesExactState(0.5)(toUInt8(number))) FROM numbers(3);
SELECT quantileExactMerge(0.5)(s), quantilesExactMerge(0.1, 0.9)(s) FROM (SELECT quantileExactState(0.5)(number) AS s FROM numbers(7));
SELECT quantileExactWeightedIf(0.5)(number, 1, number > 3), quantileExactWeightedArray(0.5)([number, 5], [1, 3]) FROM numbers(10);
-- quantileTimingWeighted: a value's copies kept while they are at most 31, the histogram past them; zero weights add nothing.
SELECT quantileTimingWeighted(0.5)(number, 1), quantilesTimingWeighted(0, 0.001, 0.01, 0.5, 0.99, 1)(number, number) FROM (SELECT number FROM system.numbers LIMIT 1001);
SELECT medianTiming(t), medianTimingWeighted(t, w) FROM (SELECT number AS t, number = 77 ? 10 : 1 AS w FROM system.numbers LIMIT 100);
SELECT quantileTiming(0.5)(t), quantileTimingWeighted(0.5)(t, w) FROM (SELECT number AS t, number = 77 ? 10 : 0 AS w FROM system.numbers LIMIT 100);
SELECT medianTimingWeighted(t, w) FROM (SELECT number AS t, number = 77 ? 0 : 0 AS w FROM system.numbers LIMIT 100);
SELECT quantilesTiming(0.5, 0.9)(t), quantilesTimingWeighted(0.5, 0.9)(t, w) FROM (SELECT number AS t, number = 77 ? 10 : 1 AS w FROM system.numbers LIMIT 100);
SELECT quantileTimingWeighted(0.5)(number, 100000), quantilesTimingWeighted(0.1, 0.99)(number * 3, number % 7) FROM numbers(40000);
SELECT quantileTimingWeighted(0.5)(-1, 1), quantileTimingWeighted(0.5)(nan, 1), quantileTimingWeighted(0.5)(40000, 3);
-- A weight must be an unsigned integer; a function of two takes two arguments; -Array takes arrays of equal lengths.
SELECT quantileExactWeighted(0.5)(number, toFloat64(number)) FROM numbers(10); -- { serverError 43 }
SELECT quantileTimingWeighted(0.5)(number, -1) FROM numbers(10); -- { serverError 43 }
SELECT quantileExactWeighted(0.5)(toString(number), 1) FROM numbers(10); -- { serverError 43 }
SELECT quantileExactWeighted(0.5)(number) FROM numbers(10); -- { serverError 42 }
SELECT argMin(1); -- { serverError 42 }
SELECT quantileExactWeighted(1.5)(number, 1) FROM numbers(10); -- { serverError 12 }
SELECT argMinArray([1, 2], [3, 4]), argMaxArray([1, 2], [3, 1]);
SELECT argMinArray([1, 2], [3, 4, 5]); -- { serverError 190 }
