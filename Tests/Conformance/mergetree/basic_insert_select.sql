DROP TABLE IF EXISTS t;
CREATE TABLE t (k UInt64, s String, v Float64) ENGINE = MergeTree ORDER BY k;
INSERT INTO t VALUES (3, 'c', 3.5), (1, 'a', 1.25), (2, 'b', -2);
INSERT INTO t VALUES (0, 'z', 0.1);
SELECT * FROM t ORDER BY k;
SELECT count() FROM t;
SELECT k, s FROM t WHERE k >= 2 ORDER BY k DESC;
SELECT sum(v), min(k), max(s) FROM t;
DROP TABLE t;
