CREATE TABLE d (ts DateTime) ENGINE = MergeTree() ORDER BY ts;
INSERT INTO d VALUES ('2026-11-20 10:05:07'), ('2026-10-31 23:59:59'), ('2026-11-01 00:00:00'), ('2024-02-29 12:30:00');
SELECT ts, toStartOfHour(ts), toStartOfDay(ts), toYYYYMM(ts), toStartOfMinute(ts) FROM d ORDER BY ts;
SELECT count() FROM d WHERE ts >= '2026-11-01 00:00:00';
SELECT count() FROM d WHERE ts < '2026-11-01';
SELECT ts + INTERVAL 1 HOUR, ts - INTERVAL 2 DAY FROM d WHERE ts = '2026-11-20 10:05:07';
