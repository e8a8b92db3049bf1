CREATE TABLE oe (k UInt32, s String) ENGINE = MergeTree() ORDER BY k;
INSERT INTO oe VALUES (1, 'b'), (2, 'a'), (3, 'c'), (4, 'a');
SELECT k FROM oe ORDER BY k % 2, k DESC;
SELECT s FROM oe ORDER BY s DESC, k;
SELECT k FROM oe ORDER BY s, k LIMIT 3;
SELECT k FROM oe LIMIT 0;
