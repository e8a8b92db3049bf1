-- toStartOfWeek(t, mode [, time zone]): the mode's lowest bit starts weeks on Monday; the mode is a constant UInt8.
SELECT toStartOfWeek(toDate('2026-01-07')), toStartOfWeek(toDate('2026-01-07'), 0), toStartOfWeek(toDate('2026-01-07'), 1), toStartOfWeek(toDate('2026-01-07'), 2), toStartOfWeek(toDate('2026-01-07'), 3), toStartOfWeek(toDate('2026-01-07'), 10);
SELECT toStartOfWeek(toDateTime('2026-01-04 10:00:00'), 1, 'UTC'), toStartOfWeek(toDateTime('2026-01-04 10:00:00'), 9), toTypeName(toStartOfWeek(toDateTime(0), 1));
SELECT toStartOfWeek(toDate('1970-01-02'), 0), toStartOfWeek(toDate('1970-01-02'), 1), toStartOfWeek(toDate('1970-01-05'), 1);
SELECT number, toStartOfWeek(toDate('2026-03-01') + number, 1), toStartOfWeek(toDate('2026-03-01') + number) FROM numbers(8);
SELECT toStartOfWeek(toDate('2026-01-07'), number) FROM numbers(2); -- { serverError 43 }
SELECT toStartOfWeek(toDate('2026-01-07'), 'x'); -- { serverError 43 }
SELECT toStartOfWeek(toDate('2026-01-07'), -1); -- { serverError 43 }
SELECT toStartOfWeek(toDate('2026-01-07'), 0, 'UTC'); -- { serverError 43 }
