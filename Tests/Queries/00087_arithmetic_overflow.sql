-- Arithmetic at the edges of its types: DateTime and Date wrap as ClickHouse's do, the one
-- signed division that overflows is an error, not a trap.
SELECT toDateTime('2026-01-01 00:00:00') + 4294967296, toDateTime('2026-01-01 00:00:00') + 9223372036854775807;
SELECT toDateTime('2026-01-01 00:00:00') - 2000000000, toDate('2026-01-01') + 100000, toDate('2026-01-01') - 30000;
SELECT 18446744073709551615 + 1, -9223372036854775807 - 1, 9223372036854775807 % -1;
SELECT -9223372036854775808 % -1; -- { serverError 153 }
SELECT 7 % 0; -- { serverError 153 }
