-- Clauses of CREATE TABLE that change no answer: data-skipping indexes, projections, SAMPLE BY,
-- PRIMARY KEY, any MergeTree setting (an unknown one is 115).
DROP TABLE IF EXISTS clauses;
CREATE TABLE clauses (x UInt32, y String, INDEX i y TYPE minmax GRANULARITY 1, z UInt8, INDEX j (x, y) TYPE bloom_filter(0.01) GRANULARITY 4, PROJECTION p (SELECT x ORDER BY y)) ENGINE = MergeTree PRIMARY KEY x ORDER BY (x, y) SAMPLE BY x SETTINGS min_bytes_for_wide_part = 0, index_granularity = 2;
INSERT INTO clauses VALUES (3, 'c', 1), (1, 'a', 2), (2, 'b', 3);
SELECT * FROM clauses ORDER BY x;
SELECT name, type FROM system.columns WHERE database = currentDatabase() AND table = 'clauses' ORDER BY position;
SELECT * FROM clauses FORMAT Null;
SELECT count() FROM numbers(10) FORMAT Null;
DROP TABLE clauses;
CREATE TABLE clauses (x UInt8) ENGINE = MergeTree ORDER BY x SETTINGS no_such_setting = 1; -- { serverError 115 }
