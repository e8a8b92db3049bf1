CREATE TABLE d1 (k Nope) ENGINE = MergeTree() ORDER BY k; -- { serverError 50 }
CREATE TABLE d2 (k UInt32) ENGINE = NoSuchEngine() ORDER BY k; -- { serverError 56 }
DROP DATABASE nodb; -- { serverError 81 }
CREATE TABLE nodb.t (k UInt32) ENGINE = MergeTree() ORDER BY k; -- { serverError 81 }
CREATE TABLE d3 (k UInt32) ENGINE = MergeTree() ORDER BY k;
SELECT * FROM d3 FORMAT Nope; -- { serverError 73 }
SHOW TABLES;
