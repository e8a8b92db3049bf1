-- ClickHouse's Date text outside the calendar: a month or day out of range is the zero date, a
-- day past the month's end runs on into the next month, and the type's range saturates.
SELECT toDate('2026-13-01'), toDate('2026-00-10'), toDate('2026-02-00'), toDate('2026-01-32'), toDate('2026-02-30'), toDate('2024-02-30');
SELECT toDate('1969-12-31'), toDate('2149-06-06'), toDate('2149-06-07'), toDate('2026-1-31');
CREATE TABLE days (d Date, n UInt32) ENGINE = MergeTree ORDER BY n;
INSERT INTO days FORMAT TSV
2026-13-01	1
2026-02-30	2
2026-04-31	3
1960-01-01	4
;
INSERT INTO days VALUES ('2026-11-31', 5), ('2026-00-00', 6);
SELECT n, d FROM days ORDER BY n;
