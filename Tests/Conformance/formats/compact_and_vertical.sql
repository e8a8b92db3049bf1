SELECT number, toString(number) FROM numbers(2) FORMAT JSONCompactEachRow;
SELECT number FROM numbers(2) FORMAT Vertical;
