SELECT toYear(toDate('2023-07-15')), toMonth(toDate('2023-07-15')), toDayOfMonth(toDate('2023-07-15')), toDayOfWeek(toDate('2023-07-15'));
SELECT toHour(toDateTime('2023-07-15 08:09:10')), toMinute(toDateTime('2023-07-15 08:09:10')), toSecond(toDateTime('2023-07-15 08:09:10'));
SELECT toDayOfWeek(toDate('1970-01-01')), toDayOfWeek(toDate('2024-01-01'));
