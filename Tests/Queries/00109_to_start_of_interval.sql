-- toStartOfInterval as ClickHouse 26.9 counts: seconds and minutes from the epoch, hours from
-- the day's start, days from the epoch, weeks from Monday 1970-01-05, months and quarters from
-- 1900, years from year 0; weeks and longer are Dates, never before 1970-01-01.
SELECT t, toStartOfInterval(t, INTERVAL 45 SECOND), toStartOfInterval(t, INTERVAL 7 MINUTE), toStartOfInterval(t, INTERVAL 5 HOUR), toStartOfInterval(t, INTERVAL 11 HOUR), toStartOfInterval(t, INTERVAL 3 DAY) FROM (SELECT toDateTime(toUInt32(number * 7777777 % 1900000000)) AS t FROM numbers(120)) ORDER BY t;
SELECT t, toStartOfInterval(t, INTERVAL 1 WEEK), toStartOfInterval(t, INTERVAL 2 WEEK), toStartOfInterval(t, INTERVAL 11 MONTH), toStartOfInterval(t, INTERVAL 5 QUARTER), toStartOfInterval(t, INTERVAL 3 YEAR) FROM (SELECT toDate(toUInt32(number * 7777777 % 1900000000)) AS t FROM numbers(120)) ORDER BY t;
SELECT toTypeName(toStartOfInterval(now(), INTERVAL 1 HOUR)), toTypeName(toStartOfInterval(today(), INTERVAL 1 DAY)), toTypeName(toStartOfInterval(now(), INTERVAL 1 MONTH));
CREATE TABLE tsi (ts DateTime, v UInt32) ENGINE = MergeTree ORDER BY ts;
INSERT INTO tsi SELECT toDateTime('2026-11-20 00:00:00') + number * 97, number FROM numbers(1000);
SELECT toStartOfInterval(ts, INTERVAL 15 MINUTE) AS slot, count(), sum(v) FROM tsi GROUP BY slot ORDER BY slot;
SELECT toStartOfInterval(today(), INTERVAL 1 HOUR); -- { serverError 43 }
