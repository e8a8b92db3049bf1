-- The week mode of toStartOfWeek(t, mode [, time zone]) (its lowest bit starts weeks on Monday) and toDayOfWeek(t, mode [, time zone]): a constant UInt8.
SELECT toStartOfWeek(toDate('2026-01-07')), toStartOfWeek(toDate('2026-01-07'), 0), toStartOfWeek(toDate('2026-01-07'), 1), toStartOfWeek(toDate('2026-01-07'), 2), toStartOfWeek(toDate('2026-01-07'), 3), toStartOfWeek(toDate('2026-01-07'), 10);
SELECT toStartOfWeek(toDateTime('2026-01-04 10:00:00'), 1, 'UTC'), toStartOfWeek(toDateTime('2026-01-04 10:00:00'), 9), toTypeName(toStartOfWeek(toDateTime(0), 1));
SELECT toStartOfWeek(toDate('1970-01-02'), 0), toStartOfWeek(toDate('1970-01-02'), 1), toStartOfWeek(toDate('1970-01-05'), 1);
SELECT number, toStartOfWeek(toDate('2026-03-01') + number, 1), toStartOfWeek(toDate('2026-03-01') + number) FROM numbers(8);
SELECT toStartOfWeek(toDate('2026-01-07'), number) FROM numbers(2); -- { serverError 43 }
SELECT toStartOfWeek(toDate('2026-01-07'), 'x'); -- { serverError 43 }
SELECT toStartOfWeek(toDate('2026-01-07'), -1); -- { serverError 43 }
SELECT toStartOfWeek(toDate('2026-01-07'), 0, 'UTC'); -- { serverError 43 }
-- toDayOfWeek(t, mode [, time zone]): by mode & 3, Monday 1..7, Monday 0..6, Sunday 0..6, Sunday 1..7.
SELECT number, toDate('2026-01-04') + number AS d, toDayOfWeek(d), toDayOfWeek(d, 0), toDayOfWeek(d, 1), toDayOfWeek(d, 2), toDayOfWeek(d, 3), toDayOfWeek(d, 4), toDayOfWeek(d, 7), toDayOfWeek(toDateTime(d), 3, 'UTC'), toTypeName(toDayOfWeek(d, 2)) FROM numbers(7);
SELECT toDayOfWeek(toDate('1970-01-01'), 2), toDayOfWeek(toDateTime(0), 1);
SELECT toDayOfWeek(toDate('2026-01-07'), number) FROM numbers(2); -- { serverError 43 }
SELECT toDayOfWeek(toDate('2026-01-07'), 'UTC'); -- { serverError 43 }
SELECT toDayOfWeek(toDate('2026-01-07'), 300); -- { serverError 43 }
