DROP TABLE IF EXISTS ints;
CREATE TABLE ints (a Int8, b Int16, c Int32, d UInt16) ENGINE = MergeTree ORDER BY a;
INSERT INTO ints VALUES (-1, -300, -70000, 65535), (1, 2, 3, 4);
SELECT * FROM ints ORDER BY a;
SELECT toTypeName(a), toTypeName(b), toTypeName(c), toTypeName(d) FROM ints LIMIT 1;
DROP TABLE ints;
