-- Temporary tables: Memory unless an engine is named, gone when the session ends; and
-- CREATE TABLE … AS SELECT without an engine: MergeTree without a key, as 26.9 defaults.
CREATE TEMPORARY TABLE tmp151_a AS SELECT 1;
CREATE TEMPORARY TABLE tmp151_b AS SELECT * FROM tmp151_a;
SELECT * FROM tmp151_b;
CREATE TEMPORARY TABLE tmp151_c (x UInt8, s String);
INSERT INTO tmp151_c VALUES (1, 'a'), (2, 'b');
SELECT * FROM tmp151_c ORDER BY x;
DROP TEMPORARY TABLE tmp151_c;
DROP TEMPORARY TABLE IF EXISTS tmp151_c;
CREATE TABLE plain151 AS SELECT number AS n, toString(number) AS s FROM numbers(3);
SHOW CREATE TABLE plain151;
SELECT * FROM plain151 ORDER BY n;
