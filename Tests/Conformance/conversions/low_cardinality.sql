-- LowCardinality(T): declared and shown as written, with T's values; ClickHouse's rules on T.
DROP TABLE IF EXISTS lc;
CREATE TABLE lc (a LowCardinality(String), b LowCardinality(Nullable(String)), d Date) ENGINE = MergeTree ORDER BY a;
INSERT INTO lc VALUES ('x', NULL, '2020-01-01'), ('y', 'q', '2020-01-02'), ('x', 'r', '2020-01-03');
SELECT a, b, d, concat(a, '!') FROM lc ORDER BY d;
SELECT a, count(), groupArray(b) FROM lc GROUP BY a ORDER BY a;
SELECT toLowCardinality('z'), CAST('q' AS LowCardinality(String)), CAST(1 AS LowCardinality(Nullable(String)));
DESCRIBE TABLE lc;
SHOW CREATE TABLE lc;
SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'lc' ORDER BY position;
ALTER TABLE lc MODIFY COLUMN a String;
SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'lc' AND name = 'a';
ALTER TABLE lc MODIFY COLUMN a LowCardinality(String);
SELECT a FROM lc ORDER BY a;
DROP TABLE lc;
CREATE TABLE lc_bad (a LowCardinality(UInt8)) ENGINE = Memory; -- { serverError 455 }
CREATE TABLE lc_bad (a LowCardinality(Date)) ENGINE = Memory; -- { serverError 455 }
CREATE TABLE lc_bad (a LowCardinality(Array(String))) ENGINE = Memory; -- { serverError 43 }
