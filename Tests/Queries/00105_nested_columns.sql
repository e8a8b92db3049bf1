-- Nested(...) columns are their arrays n.a, n.b; ADD/DROP COLUMN of a Nested name adds/drops them all.
CREATE TABLE ne (k UInt8, n Nested(a UInt8, s String)) ENGINE = MergeTree ORDER BY k;
DESCRIBE TABLE ne;
INSERT INTO ne VALUES (1, [1, 2], ['x', 'y']), (2, [], []);
SELECT * FROM ne ORDER BY k;
SELECT k, n.a, n.s FROM ne ORDER BY k;
SELECT k, a, s FROM ne ARRAY JOIN n.a AS a, n.s AS s ORDER BY k, a;
SHOW CREATE TABLE ne;
ALTER TABLE ne ADD COLUMN m Nested(x UInt32, y Date) AFTER k;
DESCRIBE TABLE ne;
INSERT INTO ne VALUES (3, [7], ['2020-01-02'], [9], ['q']);
SELECT * FROM ne ORDER BY k;
ALTER TABLE ne DROP COLUMN n;
DESCRIBE TABLE ne;
SELECT * FROM ne ORDER BY k;
