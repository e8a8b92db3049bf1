SELECT formatDateTime(toDateTime('2024-05-06 07:08:09'), '%Y-%m-%d %H:%M:%S');
SELECT dateDiff('day', toDate('2024-01-01'), toDate('2024-03-01'));
SELECT addDays(toDate('2024-01-31'), 1), subtractHours(toDateTime('2024-01-01 00:00:00'), 1);
