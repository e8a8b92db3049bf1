-- toStartOfInterval(t, interval, origin) as ClickHouse 26.9 counts from an origin: seconds to
-- days floor the time elapsed since the origin read as a time since the epoch (hours restart
-- every 24), weeks are 7-day steps, months and longer count whole months to the origin's day of
-- the month (or the month's last day); the answer has the time's own type.
SELECT toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 1 HOUR, toDateTime('2026-11-05 00:30:00')), toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 90 MINUTE, toDateTime('2026-11-05 00:10:00')), toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 45 SECOND, toDateTime('2026-11-05 00:10:07'));
SELECT toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 5 HOUR, toDateTime('2026-11-03 00:10:07')), toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 3 DAY, toDateTime('2026-10-03 20:10:07')), toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 1 WEEK, toDateTime('2026-10-01 01:02:03'));
SELECT toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 1 YEAR, toDateTime('2020-06-15 01:02:03')), toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 1 QUARTER, toDateTime('2020-06-15 01:02:03')), toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 1 MONTH, toDateTime('2026-01-15 06:00:00'));
-- A month from the 31st: the shorter month's last day; the day of the month decides, not the time of day.
SELECT toStartOfInterval(toDate('2026-11-05'), INTERVAL 2 MONTH, toDate('2026-01-31')), toStartOfInterval(toDate('2026-03-05'), INTERVAL 1 MONTH, toDate('2026-01-31')), toStartOfInterval(toDate('2026-03-30'), INTERVAL 1 MONTH, toDate('2026-01-31'));
SELECT toStartOfInterval(toDateTime('2026-03-30 00:00:00'), INTERVAL 1 MONTH, toDateTime('2026-01-31 10:00:00')), toStartOfInterval(toDateTime('2026-03-31 09:00:00'), INTERVAL 1 MONTH, toDateTime('2026-01-31 10:00:00'));
SELECT toStartOfInterval(toDate('2026-11-05'), INTERVAL 1 WEEK, toDate('2026-11-01')), toStartOfInterval(toDate('2026-11-05'), INTERVAL 2 DAY, toDate('2026-11-01')), toStartOfInterval(toDate('2149-05-05'), INTERVAL 1 YEAR, toDate('1970-01-31'));
SELECT toTypeName(toStartOfInterval(toDate('2026-11-05'), INTERVAL 2 DAY, toDate('2026-11-01'))), toTypeName(toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 1 YEAR, toDateTime('2020-06-15 01:02:03')));
SELECT toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 1 HOUR, toDateTime('2026-11-05 13:47:12')), toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 1 HOUR, toDateTime('2026-11-05 00:30:00'), 'UTC');
SELECT t, toStartOfInterval(t, INTERVAL 7 MINUTE, toDateTime('2026-11-20 00:03:00')) AS m, toStartOfInterval(t, INTERVAL 11 HOUR, toDateTime('2026-11-19 23:00:00')) AS h, toStartOfInterval(t, INTERVAL 2 MONTH, toDateTime('2026-10-31 12:00:00')) AS mo FROM (SELECT toDateTime('2026-11-20 00:03:00') + number * 99991 AS t FROM numbers(40)) ORDER BY t;
-- Errors: an origin after the time, of another type, not a date, not constant; a count of 0; the argument count.
SELECT toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 1 HOUR, toDateTime('2026-11-06 00:30:00')); -- { serverError 36 }
SELECT toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 1 HOUR, toDate('2026-11-01')); -- { serverError 43 }
SELECT toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 1 HOUR, 5); -- { serverError 43 }
SELECT toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 1 HOUR, o) FROM (SELECT toDateTime('2026-11-05 00:30:00') + number AS o FROM numbers(2)); -- { serverError 44 }
SELECT toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 0 HOUR, toDateTime('2026-11-05 00:30:00')); -- { serverError 69 }
SELECT toStartOfInterval(toDate('2026-11-05'), INTERVAL 5 HOUR, toDate('2026-11-01')); -- { serverError 43 }
SELECT toStartOfInterval(toDateTime('2026-11-05 13:47:12'), INTERVAL 1 HOUR, toDateTime('2026-11-05 00:30:00'), 5); -- { serverError 43 }
SELECT toStartOfInterval(toDateTime('2026-11-05 13:47:12')); -- { serverError 42 }
