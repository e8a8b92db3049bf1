-- ReplacingMergeTree: equal keys collapse to the greatest version (the last inserted of equals, or
-- the last row without a version) at insert, merge, OPTIMIZE and FINAL.
CREATE TABLE r (k UInt8, v String, ver UInt32) ENGINE=ReplacingMergeTree(ver) ORDER BY k;
CREATE TABLE r2 (k UInt8, v String, ver UInt32) ENGINE=ReplacingMergeTree(zz) ORDER BY k; -- { serverError 16 }
CREATE TABLE r3 (k UInt8, v String, ver String) ENGINE=ReplacingMergeTree(ver) ORDER BY k; -- { serverError 169 }
CREATE TABLE r4 (k UInt8, v String) ENGINE=ReplacingMergeTree ORDER BY k;
INSERT INTO r VALUES (1,'a',2),(1,'b',1),(2,'c',1),(2,'d',1);
SELECT * FROM r ORDER BY k;
INSERT INTO r VALUES (1,'e',2);
SELECT * FROM r ORDER BY k, v;
SELECT * FROM r FINAL ORDER BY k;
OPTIMIZE TABLE r FINAL;
SELECT * FROM r ORDER BY k;
SHOW CREATE TABLE r;
INSERT INTO r4 VALUES (1,'a'),(1,'b');
SELECT * FROM r4;
SHOW CREATE r4;
