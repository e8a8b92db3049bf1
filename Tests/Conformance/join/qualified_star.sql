-- t.* of a table or an alias, in joins; qualified columns named as ClickHouse 26.9 names them.
DROP TABLE IF EXISTS s1;
DROP TABLE IF EXISTS s2;
CREATE TABLE s1 (a UInt8, b String) ENGINE = Memory;
CREATE TABLE s2 (a UInt8, c String) ENGINE = Memory;
INSERT INTO s1 VALUES (1, 'x'), (2, 'y');
INSERT INTO s2 VALUES (1, 'p'), (3, 'q');
SELECT s1.* FROM s1 ORDER BY a FORMAT TSVWithNames;
SELECT t.* FROM s1 AS t ORDER BY a FORMAT TSVWithNames;
SELECT t.*, 1 FROM s1 t ORDER BY a FORMAT TSVWithNames;
SELECT x.*, y.c FROM s1 AS x JOIN s2 AS y ON x.a = y.a FORMAT TSVWithNames;
SELECT y.* FROM s1 AS x JOIN s2 AS y ON x.a = y.a FORMAT TSVWithNames;
SELECT x.* FROM s1 AS x LEFT JOIN s2 AS y ON x.a = y.a ORDER BY x.a FORMAT TSVWithNames;
SELECT t.a + 1, count(t.b) FROM s1 AS t GROUP BY t.a ORDER BY t.a FORMAT TSVWithNames;
DROP TABLE s1;
DROP TABLE s2;
