-- sumMap, sumMapWithOverflow, minMap, maxMap over (keys, values…) arrays: keys sorted, sums promoted as sum's (WithOverflow wraps in the value's type), keys whose sums are all zero dropped.
CREATE TABLE m (g UInt8, k Array(UInt8), v Array(Int8), w Array(Float64), s Array(String)) ENGINE = MergeTree ORDER BY g;
INSERT INTO m VALUES (0, [3, 1, 2], [10, 20, 0], [0.5, 0.25, 1], ['c', 'a', 'b']), (0, [2, 3], [-20, 1], [-1, nan], ['x', 'y']), (1, [], [], [], []), (1, [7, 7], [100, 100], [1, 2], ['p', 'q']), (2, [1, 1, 2], [1, -1, 0], [0.1, -0.1, 0], ['', '', '']);
SELECT g, sumMap(k, v), sumMap(k, v, w), sumMapWithOverflow(k, v), minMap(k, v), maxMap(k, v) FROM m GROUP BY g ORDER BY g;
SELECT g, minMap(k, s), maxMap(k, s), minMap(k, w), maxMap(k, w) FROM m WHERE length(k) = length(w) GROUP BY g ORDER BY g;
SELECT toTypeName(sumMap(k, v)), toTypeName(sumMap(k, w)), toTypeName(sumMapWithOverflow(k, v)), toTypeName(minMap(k, s)), toTypeName(sumMap((k, v))) FROM m;
SELECT sumMap((k, v)), sumMapIf(k, v, g = 0), sumMapOrDefault(k, v) FROM m WHERE g = 9;
SELECT sumMap(k, v) FROM m;
-- Float keys: one zero, one NaN, the first spelling kept; NaN last. NaN values: summed, never the least or greatest.
SELECT sumMap(k, v), minMap(k, w), maxMap(k, w) FROM (SELECT [0.5, -0.0, nan] AS k, [1, 2, 3] AS v, [nan, 1.0, 2] AS w UNION ALL SELECT [0.0, nan, 0.5], [10, 20, 4], [5, nan, 0]);
-- String, Date and UUID keys; a group per number.
SELECT sumMap(k, v) FROM (SELECT ['b', 'a', ''] AS k, [1, 2, 3] AS v UNION ALL SELECT ['a'], [5]);
SELECT sumMap(k, v) FROM (SELECT [toDate('2026-01-02'), toDate('2026-01-01')] AS k, [1, 2]::Array(UInt32) AS v);
SELECT sumMap(k, v) FROM (SELECT [toUUID('00000000-0000-0001-0000-000000000000'), toUUID('00000000-0000-0000-0000-000000000002')] AS k, [1, 2] AS v);
SELECT number % 3 AS g, sumMap([number % 2, 5], [number, 1]), maxMap([g], [toDateTime(number)]) FROM numbers(10) GROUP BY g ORDER BY g;
SELECT sumMapWithOverflow(k, v), toTypeName(sumMapWithOverflow(k, v)) FROM (SELECT [1, 2]::Array(UInt8) AS k, [200, 0]::Array(UInt8) AS v UNION ALL SELECT [1]::Array(UInt8), [100]::Array(UInt8));
-- Errors as ClickHouse 26.9 raises them.
SELECT sumMap(k, v) FROM (SELECT [1, 2] AS k, [3] AS v); -- { serverError 36 }
SELECT sumMap(k) FROM m; -- { serverError 43 }
SELECT sumMap(g, g) FROM m; -- { serverError 43 }
SELECT sumMap(k, v, 1) FROM m; -- { serverError 43 }
SELECT sumMap(k, s) FROM m; -- { serverError 43 }
SELECT sumMap(k, [toDate('2026-01-01')]) FROM m WHERE length(k) = 1; -- { serverError 43 }
