-- A materialized view may declare its columns: its inner table has them, and the query's
-- columns go into them by name (converted; missing ones take defaults).
CREATE TABLE src (d Date, k UInt32, v UInt64) ENGINE = MergeTree ORDER BY k;
CREATE MATERIALIZED VIEW totals (k UInt64, rows UInt64, total UInt64, note String DEFAULT 'none')
ENGINE = SummingMergeTree ORDER BY k AS SELECT k, count() AS rows, sum(v) AS total FROM src GROUP BY k;
INSERT INTO src VALUES ('2024-01-01', 1, 10), ('2024-01-01', 2, 20), ('2024-01-02', 1, 5);
INSERT INTO src VALUES ('2024-01-03', 2, 1);
SELECT k, sum(rows), sum(total), any(note) FROM totals GROUP BY k ORDER BY k;
DESCRIBE TABLE totals;
-- TO a table with a column list: the target's columns stand.
CREATE TABLE dst (k UInt32, v UInt64) ENGINE = MergeTree ORDER BY k;
CREATE MATERIALIZED VIEW copy TO dst (k UInt32, v UInt64) AS SELECT k, v FROM src;
INSERT INTO src VALUES ('2024-02-01', 7, 70);
SELECT * FROM copy ORDER BY k;
-- A detached view is not fed; attached again, it is.
DETACH TABLE copy;
INSERT INTO src VALUES ('2024-02-02', 8, 80);
ATTACH TABLE copy;
INSERT INTO src VALUES ('2024-02-03', 9, 90);
SELECT * FROM dst ORDER BY k;
-- countState(*) is countState(); f(*) is f of every column.
CREATE MATERIALIZED VIEW counted ENGINE = AggregatingMergeTree ORDER BY tuple() AS SELECT countState(*) FROM src;
INSERT INTO src VALUES ('2024-03-01', 3, 3), ('2024-03-01', 4, 4);
SELECT countMerge(*) FROM counted;
SELECT concat(*) FROM dst ORDER BY 1;
SELECT uniqExact(*), tuple(*) FROM (SELECT k, v FROM dst WHERE k = 7) GROUP BY tuple(*);
SELECT sum(*) FROM dst; -- { serverError 42 }
-- A Nested column written over several lines.
CREATE TABLE nested_lines (k UInt32, m Nested(
    a UInt16,
    b String)) ENGINE = MergeTree ORDER BY k;
INSERT INTO nested_lines VALUES (1, [1, 2], ['x', 'y']);
SELECT k, m.a, m.b FROM nested_lines ARRAY JOIN m;
-- RENAME TABLE of a view: it keeps its target and goes on being fed.
RENAME TABLE copy TO copy_renamed, totals TO totals_renamed;
INSERT INTO src VALUES ('2024-04-01', 10, 100);
SELECT * FROM copy_renamed WHERE k = 10;
SELECT k, sum(total) FROM totals_renamed GROUP BY k ORDER BY k;
