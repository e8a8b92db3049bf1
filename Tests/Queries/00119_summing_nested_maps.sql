-- SummingMergeTree sums a nested table whose name ends in Map: entries with equal keys summed, zero entries dropped, sorted by key; at insert and at merge.
CREATE TABLE nested_map (d Date DEFAULT '2026-01-01', k UInt64, payload UInt32 DEFAULT 7, SomeMap Nested(ID UInt32, Num Int64)) ENGINE = SummingMergeTree ORDER BY k;
INSERT INTO nested_map (k, `SomeMap.ID`, `SomeMap.Num`) VALUES (0,[1],[100]),(1,[1],[100]),(2,[1],[100]),(3,[1,2],[100,150]);
INSERT INTO nested_map (k, `SomeMap.ID`, `SomeMap.Num`) VALUES (0,[2],[150]),(1,[1],[150]),(2,[1,2],[150,150]),(3,[1],[-100]);
OPTIMIZE TABLE nested_map FINAL;
SELECT k, `SomeMap.ID`, `SomeMap.Num`, payload FROM nested_map ORDER BY k;
-- One row is compacted too; a row whose map is empty and whose sums are zero stays.
CREATE TABLE m (k UInt64, SomeMap Nested(ID UInt32, Num Int64, Val Float64), s UInt32) ENGINE = SummingMergeTree ORDER BY k;
INSERT INTO m VALUES (1, [3,1,3,2], [5,0,2,0], [0,0,1,0], 0);
SELECT * FROM m;
INSERT INTO m VALUES (1, [2], [0], [0], 0), (2, [1], [0], [0], 0), (3, [], [], [], 1), (4, [1], [-1], [0], 0);
INSERT INTO m VALUES (4, [1], [1], [0], 0);
OPTIMIZE TABLE m FINAL;
SELECT * FROM m ORDER BY k;
-- String keys; a nested table with a column that is neither key nor number is no map; several keys (…Key); explicit columns.
CREATE TABLE m2 (k UInt64, BadMap Nested(ID String, Num Int64), AMap Nested(ID UInt8, Name String), s UInt32) ENGINE = SummingMergeTree ORDER BY k;
INSERT INTO m2 VALUES (1, ['b','a'], [1,2], [2,1], ['x','y'], 1), (1, ['a'], [5], [1], ['z'], 1);
SELECT * FROM m2;
CREATE TABLE m3 (k UInt64, SomeMap Nested(ID UInt32, Num Int64), s UInt32) ENGINE = SummingMergeTree(s) ORDER BY k;
INSERT INTO m3 VALUES (1, [1], [1], 1), (1, [1], [2], 1);
SELECT * FROM m3;
CREATE TABLE m5 (k UInt64, TwoMap Nested(ID UInt32, CountryKey String, Num Int64), s UInt32) ENGINE = SummingMergeTree ORDER BY k;
INSERT INTO m5 VALUES (1, [1, 1], ['a','b'], [1, 2], 1), (1, [1], ['a'], [3], 1);
INSERT INTO m5 VALUES (1, [2, 1], ['a','b'], [1, 254], 1), (2, [7], ['q'], [1], 0);
OPTIMIZE TABLE m5 FINAL;
SELECT * FROM m5 ORDER BY k;
-- Not a Map by name: first values.
CREATE TABLE m6 (k UInt64, Items Nested(ID UInt32, Num Int64), s UInt32) ENGINE = SummingMergeTree ORDER BY k;
INSERT INTO m6 VALUES (1, [1], [1], 1), (1, [1], [2], 1);
SELECT * FROM m6;
