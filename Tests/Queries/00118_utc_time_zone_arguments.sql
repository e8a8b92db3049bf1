-- A time zone argument naming UTC (every DateTime here is UTC, as on a server set to UTC).
SELECT toDateTime(1000000, 'UTC'), toDate(100, 'Etc/UTC'), toString(toDateTime(5), 'UTC'), toStartOfHour(toDateTime(7300), 'UTC'), toYYYYMM(toDateTime(7300), 'GMT'), formatDateTime(toDateTime(7300), '%F %T', 'UTC'), dateDiff('hour', toDateTime(0), toDateTime(7300), 'UTC'), toStartOfInterval(toDateTime(7300), INTERVAL 1 HOUR, 'UTC');
select argMin(x.1, x.2), argMax(x.1, x.2) from (select (toDate(number, 'UTC'), toDateTime(number, 'UTC') + 1) as x from numbers(10));
SELECT toYear(toDateTime(86400 * 400), 'UTC'), toMonday(toDateTime(1728000000), 'UTC'), toUnixTimestamp(toDateTime(77), 'UTC');
-- A Date rounded to a Date takes no time zone; a Date read as a number or a DateTime does.
SELECT toYear(toDate('2026-01-07'), 'UTC'), toYYYYMM(toDate('2026-01-07'), 'UTC'), toStartOfDay(toDate('2026-01-07'), 'UTC'), toDate(toDate('2026-01-07'), 'UTC');
SELECT toMonday(toDate('2026-01-07'), 'UTC'); -- { serverError 43 }
SELECT toStartOfMonth(toDate('2026-01-07'), 'UTC'); -- { serverError 43 }
SELECT toStartOfYear(toDate('2026-01-07'), 'UTC'); -- { serverError 43 }
SELECT toStartOfQuarter(toDate('2026-01-07'), 'UTC'); -- { serverError 43 }
SELECT toStartOfHour(toDate('2026-01-07'), 'UTC'); -- { serverError 43 }
