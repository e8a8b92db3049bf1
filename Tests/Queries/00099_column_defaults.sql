-- Column DEFAULT / MATERIALIZED / ALIAS expressions: filled at insert from the row's other columns,
-- hidden from SELECT * (MATERIALIZED, ALIAS), printed as ClickHouse formats them.
CREATE TABLE t (a UInt8, b UInt8 DEFAULT a+1, c MATERIALIZED a*2, d ALIAS b + c, e DEFAULT 'x') ENGINE=MergeTree ORDER BY a;
INSERT INTO t (a) VALUES (1);
INSERT INTO t VALUES (2, 5, 'y');
INSERT INTO t (a, c) VALUES (3, 4); -- { serverError 44 }
INSERT INTO t (a, d) VALUES (3, 4); -- { serverError 16 }
SELECT * FROM t ORDER BY a;
SELECT a, b, c, d, e FROM t ORDER BY a;
DESCRIBE t;
SHOW CREATE TABLE t;
ALTER TABLE t MODIFY COLUMN b DEFAULT 7;
SHOW CREATE TABLE t;
INSERT INTO t (a) VALUES (9);
SELECT a, b, c, d, e FROM t ORDER BY a;
CREATE TABLE t2 (a UInt8, b DEFAULT zz) ENGINE=MergeTree ORDER BY a; -- { serverError 47 }
SELECT name, default_kind, default_expression FROM system.columns WHERE table='t';
CREATE TABLE t3 (d Date DEFAULT toDate('2015-05-01'), x UInt64, y DEFAULT x * 2 + 1, z Float64 DEFAULT (x - 1) * 3) ENGINE = MergeTree ORDER BY x;
INSERT INTO t3 (x) SELECT number FROM numbers(3);
SELECT * FROM t3;
SHOW CREATE TABLE t3;
