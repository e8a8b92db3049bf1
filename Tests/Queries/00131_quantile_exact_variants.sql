-- quantileExactLow / High (the median's lower / upper middle value), quantileExactExclusive /
-- Inclusive (interpolated as Excel's PERCENTILE.EXC / .INC) and their quantilesExact… forms, over
-- quantileExact's states: types, empty groups, GROUP BY, -State/-Merge, the error for levels 0 and 1.
SELECT quantileExactLow(0.5)(number), quantileExactHigh(0.5)(number), quantileExactLow(0.3)(number), quantileExactHigh(0.9)(number) FROM numbers(10);
SELECT quantileExactLow(0.5)(number), quantileExactHigh(0.5)(number), medianExactLow(number), medianExactHigh(number) FROM numbers(11);
SELECT quantilesExactLow(0.1, 0.5, 1)(number), quantilesExactHigh(0.1, 0.5, 1)(number) FROM numbers(10);
SELECT quantileExactExclusive(0.25)(number), quantileExactInclusive(0.25)(number), quantileExactExclusive(0.99)(number), quantileExactInclusive(1)(number) FROM numbers(10);
SELECT quantilesExactExclusive(0.1, 0.25, 0.5, 0.75, 0.99)(x), quantilesExactInclusive(0, 0.1, 0.25, 0.5, 0.75, 1)(x) FROM (SELECT number * 1.37 AS x FROM numbers(17));
SELECT quantileExactExclusive(0.3)(toFloat32(number) / 3), quantileExactInclusive(0.3)(toFloat32(number) / 3), toTypeName(quantileExactLow(0.3)(toFloat32(number))) FROM numbers(20);
SELECT quantileExactLow(0.5)(x), quantileExactExclusive(0.5)(x), quantilesExactLow(0.5)(x), quantilesExactInclusive(0.5)(x) FROM (SELECT number AS x FROM numbers(0));
SELECT number % 3 AS k, quantileExactLow(0.5)(number), quantileExactInclusive(0.4)(number) FROM numbers(20) GROUP BY k ORDER BY k;
SELECT quantileExactLowMerge(0.5)(s), quantileExactInclusiveMerge(0.3)(t) FROM (SELECT quantileExactLowState(0.5)(number) AS s, quantileExactInclusiveState(0.3)(number) AS t FROM numbers(9));
SELECT toTypeName(quantileExactHighState(0.5)(number)) FROM numbers(3);
SELECT quantileExactLow(0.5)(toDateTime(number, 'UTC')) FROM numbers(4);
SELECT quantileExactExclusive(1)(number) FROM numbers(10); -- { serverError 36 }
