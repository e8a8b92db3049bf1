-- Date and DateTime ± INTERVAL of every unit: a Date stays a Date for days, weeks, months,
-- quarters and years, and becomes a DateTime for hours, minutes and seconds; months move by the
-- calendar. An interval alone shows its count.
SELECT toDate('2026-01-01') + INTERVAL 1 DAY, toDate('2026-01-31') - INTERVAL 1 WEEK, INTERVAL 2 DAY + toDate('2026-02-27');
SELECT toDate('2026-01-31') + INTERVAL 1 MONTH, toDate('2026-05-31') - INTERVAL 1 QUARTER, toDate('2024-02-29') + INTERVAL 1 YEAR;
SELECT toDate('2026-01-01') + INTERVAL 36 HOUR, toDate('2026-01-01') - INTERVAL 90 MINUTE, toDate('2026-01-01') + INTERVAL 30 SECOND;
SELECT toDateTime('2026-01-01 00:00:00') + INTERVAL 90 MINUTE, toDateTime('2026-03-31 10:00:00') - INTERVAL 1 MONTH, toDateTime('2026-12-31 23:59:59') + INTERVAL 1 SECOND;
SELECT toTypeName(toDate('2026-01-01') + INTERVAL 1 DAY), toTypeName(toDate('2026-01-01') + INTERVAL 1 HOUR);
SELECT INTERVAL 2 DAY, INTERVAL 3 MONTH;
-- toIntervalX(n) is INTERVAL n X (as ClickHouse prints intervals).
SELECT toDateTime('2026-01-01 10:00:00') - toIntervalHour(1), toDate('2026-01-31') + toIntervalMonth(1), toIntervalDay(3), toStartOfInterval(toDateTime('2026-01-01 10:17:00'), toIntervalMinute(15));
CREATE TABLE ia (d Date, t DateTime) ENGINE = MergeTree ORDER BY d;
INSERT INTO ia VALUES ('2026-01-01', '2026-01-01 12:00:00'), ('2026-01-10', '2026-01-10 00:00:00'), ('2026-02-01', '2026-02-01 06:30:00');
SELECT d, d + INTERVAL 3 DAY, t - INTERVAL 12 HOUR FROM ia WHERE d >= toDate('2026-01-15') - INTERVAL 7 DAY ORDER BY d;
SELECT 5 + INTERVAL 1 DAY; -- { serverError 43 }
