DROP TABLE IF EXISTS x;
CREATE TABLE x (a UInt8) ENGINE = MergeTree ORDER BY a;
CREATE TABLE x (a UInt8) ENGINE = MergeTree ORDER BY a; -- { serverError 57 }
CREATE TABLE IF NOT EXISTS x (a UInt8) ENGINE = MergeTree ORDER BY a;
CREATE TABLE y (a UInt8) ENGINE = MergeTree ORDER BY b; -- { serverError 47 }
DROP TABLE nothing_here; -- { serverError 60 }
DROP TABLE IF EXISTS nothing_here;
INSERT INTO x VALUES ('abc'); -- { serverError 6 }
SELECT count() FROM x;
DROP TABLE x;
