CREATE DATABASE d;
USE d;
CREATE TABLE t (k UInt32) ENGINE = MergeTree() ORDER BY k;
INSERT INTO t VALUES (1), (2);
SELECT count() FROM t;
SELECT count() FROM d.t;
USE default;
SELECT count() FROM t; -- { serverError 60 }
DROP DATABASE d;
SELECT count() FROM d.t; -- { serverError 81 }
