-- A table declared in the deprecated form shows that form; ALTER names a Nested column's arrays
-- as `n.x`; an array added to a Nested has its siblings' lengths in older rows; a column added
-- again after a DROP starts empty; a column added without a value reads its new type's default.
SET allow_deprecated_syntax_for_merge_tree = 1;
CREATE TABLE legacy (d Date, k UInt64, i Int32) ENGINE = MergeTree(d, k, 8192);
INSERT INTO legacy VALUES ('2015-01-01', 10, 42);
SHOW CREATE TABLE legacy;
ALTER TABLE legacy ADD COLUMN n Nested(u UInt8, s String);
INSERT INTO legacy VALUES ('2015-01-01', 8, 40, [1, 2, 3], ['a', 'b', 'c']);
ALTER TABLE legacy ADD COLUMN n.d Array(Date) AFTER n.s;
SELECT * FROM legacy ORDER BY k;
ALTER TABLE legacy DROP COLUMN n.d, ADD COLUMN x UInt32;
ALTER TABLE legacy MODIFY COLUMN x String;
SELECT * FROM legacy ORDER BY k;
ALTER TABLE legacy DROP COLUMN n;
ALTER TABLE legacy ADD COLUMN n.s Array(String), ADD COLUMN n.d Array(Date);
SELECT * FROM legacy ORDER BY k;
DESCRIBE TABLE legacy;
ALTER TABLE legacy ADD COLUMN IF NOT EXISTS n Nested(s String);
CREATE TABLE legacy_sum (d Date, a UInt8, b UInt8, c Int8) ENGINE = SummingMergeTree(d, (a, intHash32(b)), 8192, (c));
SHOW CREATE TABLE legacy_sum;
