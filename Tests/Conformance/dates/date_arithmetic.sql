SELECT toDateTime('2024-01-01 00:00:00') + 3600, toDateTime('2024-01-01 00:00:00') - INTERVAL 1 DAY;
SELECT toDate('2024-03-01') - 1, toDate('2024-03-01') + 30;
SELECT toDateTime('2024-01-01 00:00:10') - toDateTime('2024-01-01 00:00:00');
