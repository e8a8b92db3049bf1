-- CollapsingMergeTree(sign): rows of a key cancelled by sign as ClickHouse merges them; FINAL shows the surviving states only.
CREATE TABLE c (k UInt8, v String, sign Int8) ENGINE = CollapsingMergeTree(sign) ORDER BY k;
INSERT INTO c VALUES (1, 'a', 1);
INSERT INTO c VALUES (1, 'a', -1), (1, 'b', 1), (2, 'x', 1);
INSERT INTO c VALUES (2, 'x', -1), (3, 'q', -1), (4, 'm', 1), (4, 'n', 1);
SELECT * FROM c FINAL ORDER BY k, sign;
SELECT k, sum(sign) FROM c GROUP BY k ORDER BY k;
OPTIMIZE TABLE c FINAL;
SELECT * FROM c ORDER BY k, sign;
SHOW CREATE TABLE c;
CREATE TABLE c2 (k UInt8, sign UInt8) ENGINE = CollapsingMergeTree(sign) ORDER BY k; -- { serverError 169 }
CREATE TABLE c3 (k UInt8) ENGINE = CollapsingMergeTree(sign) ORDER BY k; -- { serverError 16 }
CREATE TABLE lone (k UInt8, sign Int8) ENGINE = CollapsingMergeTree(sign) ORDER BY k;
INSERT INTO lone VALUES (3, -1), (4, 1);
SELECT * FROM lone FINAL;
SELECT * FROM lone ORDER BY k;
