-- quantileTiming / quantilesTiming / medianTiming as ClickHouse 26.9 computes them: whole
-- milliseconds capped at 30000, NaN and negatives skipped, exact up to 5672 values and a
-- histogram past them (buckets of 16 above 1024, answered with ClickHouse's jitter).
SELECT quantileTiming(0.5)(x), toTypeName(quantileTiming(0.5)(x)) FROM (SELECT arrayJoin([2.9, 1.1, 3.7]) AS x);
SELECT quantileTiming(0.5)(x), quantileTiming(1)(x), quantileTiming(0)(x) FROM (SELECT arrayJoin([-1, 40000, 50000, 1, nan]) AS x);
SELECT quantileTiming(0.5)(number), quantilesTiming(0.1, 0.5, 0.9)(number), toTypeName(quantilesTiming(0.5)(number)) FROM numbers(5672);
SELECT quantileTiming(0.5)(number * 3), quantilesTiming(0, 0.1, 0.5, 0.9, 1)(number * 3) FROM numbers(5673);
SELECT number % 7 AS g, quantileTiming(0.95)(number * 13 % 25000), quantilesTiming(0.25, 0.75)(toFloat32(number % 2000) / 3), medianTiming(number % 900) FROM numbers(100000) GROUP BY g ORDER BY g;
SELECT quantileTiming(0.5)(x) FROM (SELECT toFloat64(number) AS x FROM numbers(0));
SELECT quantileTiming(0.5)(toString(number)) FROM numbers(10); -- { serverError 43 }
