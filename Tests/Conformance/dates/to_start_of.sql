SELECT toStartOfHour(toDateTime('2024-03-10 13:47:59')), toStartOfDay(toDateTime('2024-03-10 13:47:59')), toStartOfMinute(toDateTime('2024-03-10 13:47:59'));
SELECT toYYYYMM(toDate('2024-12-31')), toYYYYMMDD(toDateTime('2024-12-31 23:59:59'));
SELECT toDate(toDateTime('2024-02-29 23:00:00')), toDateTime(toDate('2024-02-29'));
