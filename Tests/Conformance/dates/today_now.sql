SELECT today() = toDate(now());
SELECT now() >= toDateTime('2024-01-01 00:00:00');
