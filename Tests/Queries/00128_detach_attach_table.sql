-- DETACH TABLE takes a table out of use (unknown to queries, inserts, DROP; its name still taken)
-- until ATTACH TABLE, as ClickHouse's non-permanent detach.
CREATE TABLE t (k UInt8) ENGINE = MergeTree ORDER BY k;
INSERT INTO t VALUES (1), (2);
DETACH TABLE t;
SELECT * FROM t; -- { serverError 60 }
INSERT INTO t VALUES (3); -- { serverError 60 }
SHOW TABLES;
CREATE TABLE t (x String) ENGINE = Memory; -- { serverError 57 }
ATTACH TABLE t;
ATTACH TABLE t; -- { serverError 57 }
SELECT * FROM t ORDER BY k;
DETACH TABLE IF EXISTS nope;
DETACH TABLE nope; -- { serverError 60 }
DETACH TABLE t SYNC;
ATTACH TABLE IF NOT EXISTS t;
ATTACH TABLE IF NOT EXISTS t;
INSERT INTO t VALUES (3);
SELECT count() FROM t;
SELECT name FROM system.tables WHERE database = currentDatabase() ORDER BY name;
DETACH TABLE t;
DROP TABLE t; -- { serverError 60 }
ATTACH TABLE t;
DROP TABLE t;
SELECT count() FROM system.tables WHERE database = currentDatabase();
