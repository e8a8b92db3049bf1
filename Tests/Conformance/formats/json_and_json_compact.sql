-- JSON and JSONCompact (ClickHouse's timing statistics turned off, as EdgeHouse does not write them).
SET output_format_write_statistics = 0;
SELECT number, toString(number) AS s, [1, 2] AS a, NULL AS n FROM numbers(3) FORMAT JSON;
SELECT number, toString(number) AS s, [1, 2] AS a FROM numbers(2) FORMAT JSONCompact;
SELECT number FROM numbers(0) FORMAT JSON;
SELECT number, 'a' FROM numbers(0) FORMAT JSONCompact;
