CREATE TABLE se (k UInt32, a UInt64, b UInt64, name String) ENGINE = SummingMergeTree(a) ORDER BY k;
INSERT INTO se VALUES (1, 1, 10, 'x'), (1, 2, 20, 'y'), (2, 0, 5, 'z');
INSERT INTO se VALUES (1, 3, 30, 'w'), (3, 1, 1, 'v');
OPTIMIZE TABLE se FINAL;
SELECT * FROM se ORDER BY k;
