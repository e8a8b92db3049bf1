-- Floats out of an integer type's range convert as ClickHouse's static_cast does on x86-64:
-- through Int32 for the types up to 32 bits (out of range: its minimum, then the low bits),
-- through Int64 for UInt32 and Int64, and by two conversions for UInt64.
SELECT toInt32(x), CAST(x AS Int32), toInt16(1e6), toUInt8(300.5), CAST(-1.5 AS UInt8), toUInt16(-1.5), toInt8(x) FROM (SELECT 1e10 AS x);
SELECT toUInt32(z), toUInt32(x), toUInt32(-1.5), toInt64(x), toInt64(-x), toInt32(z), toUInt8(z) FROM (SELECT 1e20 AS x, 5e9 AS z);
SELECT toUInt64(x), toUInt64(-x), toUInt64(-1.5), toUInt64(w), toUInt64(9.3e18), CAST(toFloat32(3e9) AS Int32) FROM (SELECT 1e20 AS x, 1.8e19 AS w);
SELECT toInt32(v) FROM (SELECT arrayJoin([1.0, nan]) AS v); -- { serverError 70 }
-- A SELECT's SETTINGS apply to it; runningDifference and neighbor are refused without
-- allow_deprecated_error_prone_window_functions (code 721), computed over the block with it.
SELECT runningDifference(number) FROM numbers(3); -- { serverError 721 }
SELECT neighbor(number, 1) FROM numbers(3); -- { serverError 721 }
SELECT number, runningDifference(number * number), neighbor(number, -1), neighbor(number, 2, 100), neighbor(toString(number), number - 2), runningDifference(toUInt8(10 - number))
FROM numbers(5) SETTINGS allow_deprecated_error_prone_window_functions = 1;
SELECT runningDifference(x), neighbor(x, 1), neighbor(x, -1, 7) FROM (SELECT arrayJoin([1, NULL, 3, 10]) AS x) SETTINGS allow_deprecated_error_prone_window_functions = true;
SELECT toTypeName(runningDifference(toUInt8(1))), toTypeName(runningDifference(toUInt32(1))), toTypeName(runningDifference(toInt16(1))), toTypeName(runningDifference(toFloat32(1))), toTypeName(runningDifference(toDate(1))), toTypeName(runningDifference(toDateTime(1)))
SETTINGS allow_deprecated_error_prone_window_functions = 1;
SELECT runningDifference('a') SETTINGS allow_deprecated_error_prone_window_functions = 1; -- { serverError 43 }
SELECT neighbor(1, 'a') SETTINGS allow_deprecated_error_prone_window_functions = 1; -- { serverError 43 }
SELECT runningAccumulate(1); -- { serverError 721 }
-- An unknown setting in SETTINGS is code 115.
SELECT 1 SETTINGS no_such_setting = 1; -- { serverError 115 }
