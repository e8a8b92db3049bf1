CREATE TABLE fw (k UInt32, v UInt32) ENGINE = MergeTree() ORDER BY k;
INSERT INTO fw VALUES (2, 20), (1, 10);
INSERT INTO fw VALUES (1, 11);
SELECT k, v FROM fw FINAL ORDER BY k, v; -- { serverError 181 }
SELECT k, v FROM fw ORDER BY k, v;
