-- Enum8 / Enum16 columns: names in and out, numbers for ORDER BY and conversions, the least
-- number's name for a missing value, code 691 for what the enum does not have.
CREATE TABLE e (x Enum8('a' = 1, 'b' = 2), y Enum('x', 'y'), z Enum16('hello' = -300, 'w' = 500)) ENGINE = Memory;
INSERT INTO e VALUES ('a', 'x', 'w');
INSERT INTO e VALUES (2, 2, -300);
INSERT INTO e (x) VALUES ('b');
INSERT INTO e VALUES ('c', 'x', 'w'); -- { serverError 691 }
INSERT INTO e VALUES (3, 'x', 'w'); -- { serverError 691 }
SELECT *, toTypeName(x), toTypeName(y), toTypeName(z) FROM e ORDER BY x, y, z;
SELECT x, count() FROM e GROUP BY x ORDER BY x;
DESCRIBE TABLE e;
SELECT count() FROM e WHERE x = 'b';
SELECT x, toInt8(x), toInt16(z), CAST(y AS UInt8) + 1 FROM e ORDER BY x DESC, z, y;
-- In a MergeTree key, sorted by number: 'z' = 1 before 'a' = 2.
CREATE TABLE m (d Date, k Enum8('z' = 1, 'a' = 2), v UInt32) ENGINE = MergeTree ORDER BY (k, d);
INSERT INTO m VALUES ('2024-01-01', 'a', 1), ('2024-01-01', 'z', 2), ('2024-01-02', 1, 3);
SELECT * FROM m ORDER BY k, d;
SELECT k, sum(v) AS s FROM m GROUP BY k ORDER BY k DESC;
SELECT k AS kind, v FROM m ORDER BY kind, v;
SELECT * FROM m WHERE k = 'z' ORDER BY d;
-- A materialized view of an Enum column keeps it.
CREATE MATERIALIZED VIEW mv ENGINE = MergeTree ORDER BY k AS SELECT k, v FROM m;
INSERT INTO m VALUES ('2024-02-01', 'a', 5), ('2024-02-01', 'z', 6);
SELECT k, v, toTypeName(k) FROM mv ORDER BY k, v;
-- Types ClickHouse refuses.
CREATE TABLE bad (x Enum8('a' = 1, 'a' = 2)) ENGINE = Memory; -- { serverError 62 }
CREATE TABLE bad (x Enum8('a' = 1, 'b' = 1)) ENGINE = Memory; -- { serverError 62 }
CREATE TABLE bad (x Enum8('a' = 1000)) ENGINE = Memory; -- { serverError 69 }
CREATE TABLE wide (x Enum('a' = 1000, 'b')) ENGINE = Memory;
SELECT toTypeName(x) FROM wide;
