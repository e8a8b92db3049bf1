CREATE TABLE ol (k UInt32, x Float64, s String) ENGINE = MergeTree() ORDER BY k;
INSERT INTO ol VALUES (1, 3, 'b'), (2, nan, 'a'), (3, -1, 'c'), (4, inf, 'a'), (5, 0, 'b');
SELECT k, x FROM ol ORDER BY x;
SELECT k, x FROM ol ORDER BY x DESC;
SELECT k FROM ol ORDER BY s, k DESC;
SELECT k FROM ol ORDER BY k DESC LIMIT 2;
SELECT s, count() AS c FROM ol GROUP BY s ORDER BY c DESC, s LIMIT 2;
