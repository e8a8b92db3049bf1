-- Tuples: literals and tuple(), element access, comparison, IN with tuples and multi-column subqueries,
-- scalar subqueries of several columns or no row, formats, Tuple columns in tables.
SELECT (1, 'a'), tuple(1, 2.5, 'x'), toTypeName((1, 'a')), (1, 2) = (1, 2), (1, 2) < (1, 3), tupleElement((1, 'b'), 2);
SELECT tuple(1, 'a'), (1, 'a'), (number, 2) FROM numbers(1) FORMAT TSVWithNames;
SELECT (1, [1, 2], NULL) FORMAT JSONEachRow;
SELECT (1, 'a') FORMAT CSV;
SELECT (1, 'a') FORMAT Values;
SELECT (number, toString(number)) IN ((1, '1'), (2, '3')) FROM numbers(3);
SELECT [(1, 'a')], (1, NULL);
SELECT number FROM numbers(6) WHERE (number % 2, number % 3) IN (SELECT 1, 0 UNION ALL SELECT 0, 0) ORDER BY number;
SELECT (SELECT 1, 'x'), (SELECT 1 WHERE 0), toTypeName((SELECT 1 WHERE 0));
SELECT t FROM (SELECT (number % 2, number) AS t FROM numbers(4)) ORDER BY t DESC;
SELECT argMax((number, toString(number)), number) FROM numbers(5);
SELECT max((number % 3, number)) FROM numbers(10);
CREATE TABLE tt (k UInt8, t Tuple(UInt32, String), n Nullable(Int8)) ENGINE = MergeTree ORDER BY k;
INSERT INTO tt VALUES (1, (5, 'x'), NULL), (2, (6, 'y\'z'), -1);
SELECT * FROM tt ORDER BY k;
SELECT tupleElement(t, 1) + 1, t.2 FROM tt ORDER BY k;
