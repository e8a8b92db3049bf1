-- RENAME TABLE of tables: names change, data stays; several pairs go in order, in one step.
CREATE TABLE a (k UInt32, s String) ENGINE = MergeTree ORDER BY k;
CREATE TABLE b (x UInt8) ENGINE = MergeTree ORDER BY x;
INSERT INTO a VALUES (1, 'one'), (2, 'two');
INSERT INTO b VALUES (7);
RENAME TABLE a TO a2;
SELECT * FROM a2 ORDER BY k;
SELECT * FROM a; -- { serverError 60 }
-- A new table may take the old name; the renamed one keeps its rows.
CREATE TABLE a (k UInt32, s String) ENGINE = MergeTree ORDER BY k;
INSERT INTO a VALUES (3, 'three');
INSERT INTO a2 VALUES (4, 'four');
SELECT 'a', * FROM a ORDER BY k;
SELECT 'a2', * FROM a2 ORDER BY k;
-- A swap through a third name, as one statement.
RENAME TABLE a TO tmp, a2 TO a, tmp TO a2;
SELECT 'a', * FROM a ORDER BY k;
SELECT 'a2', * FROM a2 ORDER BY k;
SHOW TABLES;
-- Errors: the target exists, the source does not, the database does not.
RENAME TABLE a TO b; -- { serverError 57 }
RENAME TABLE nope TO c; -- { serverError 60 }
RENAME TABLE a TO nodb.a; -- { serverError 81 }
RENAME TABLE IF EXISTS nope TO c;
-- RENAME without TABLE; EXCHANGE TABLES swaps two names at once.
RENAME b TO b2;
EXCHANGE TABLES a AND b2;
SELECT * FROM a;
SELECT * FROM b2 ORDER BY k;
DESCRIBE TABLE a;
EXCHANGE TABLES a AND a;
EXCHANGE TABLES a AND nope; -- { serverError 60 }
-- Merges go on in the renamed table.
INSERT INTO b2 VALUES (5, 'five');
OPTIMIZE TABLE b2 FINAL;
SELECT count(), sum(k) FROM b2;
SELECT count() FROM system.parts WHERE table = 'b2' AND active;
-- A materialized view keeps the names it was made with: renaming its source stops it being
-- fed; its TO table renamed away, an insert into its source fails and stores nothing.
CREATE TABLE src (k UInt32) ENGINE = MergeTree ORDER BY k;
CREATE TABLE dst (k UInt32) ENGINE = MergeTree ORDER BY k;
CREATE MATERIALIZED VIEW mv TO dst AS SELECT k * 10 AS k FROM src;
INSERT INTO src VALUES (1);
RENAME TABLE dst TO dst2;
INSERT INTO src VALUES (2); -- { serverError 60 }
SELECT * FROM src ORDER BY k;
SELECT * FROM dst2 ORDER BY k;
RENAME TABLE dst2 TO dst;
INSERT INTO src VALUES (3);
RENAME TABLE src TO src2;
INSERT INTO src2 VALUES (4);
SELECT * FROM dst ORDER BY k;
