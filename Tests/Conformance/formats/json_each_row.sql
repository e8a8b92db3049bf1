SELECT number, toString(number) AS s, number / 2 AS half FROM numbers(3) FORMAT JSONEachRow;
SELECT toDate('2024-01-01') AS d, toDateTime('2024-01-01 10:00:00') AS t FORMAT JSONEachRow;
