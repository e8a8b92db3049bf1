-- CODEC(…) clauses: declared, normalized (ZSTD → ZSTD(1), Delta → Delta(width)) and shown as
-- ClickHouse shows them; refused with ClickHouse's codes; data round-trips through each.
CREATE TABLE c (t DateTime CODEC(Delta, ZSTD(3)), u UInt32 CODEC(T64, LZ4), f Float64 CODEC(Gorilla, ZSTD), s String CODEC(ZSTD(5)), n UInt64 CODEC(NONE), g Float32 CODEC(LZ4HC(9)), d DateTime CODEC(DoubleDelta), x UUID) ENGINE = MergeTree ORDER BY t;
SHOW CREATE TABLE c;
SELECT name, compression_codec FROM system.columns WHERE database = currentDatabase() AND table = 'c' ORDER BY position;
INSERT INTO c VALUES ('2026-11-20 10:00:00', 7, 1.5, 'abc', 18446744073709551615, 0.25, '2026-11-20 10:00:01', '6a1f5a3e-2c1d-4b8e-9f00-aa11bb22cc33'), ('2026-11-20 11:00:00', 0, -2.75, '', 0, 1e10, '2026-11-21 00:00:00', '00000000-0000-0000-0000-000000000000');
OPTIMIZE TABLE c FINAL;
SELECT * FROM c ORDER BY t;
CREATE TABLE e1 (a UInt32 CODEC(Foo)) ENGINE = MergeTree ORDER BY a; -- { serverError 432 }
CREATE TABLE e2 (a UInt32 CODEC(lz4)) ENGINE = MergeTree ORDER BY a; -- { serverError 432 }
CREATE TABLE e3 (a UInt32 CODEC(ZSTD(99))) ENGINE = MergeTree ORDER BY a; -- { serverError 433 }
CREATE TABLE e4 (a UInt32 CODEC(LZ4, ZSTD)) ENGINE = MergeTree ORDER BY a; -- { serverError 36 }
CREATE TABLE e5 (a UInt32 CODEC(Delta)) ENGINE = MergeTree ORDER BY a; -- { serverError 36 }
CREATE TABLE e6 (a String CODEC(Delta, LZ4)) ENGINE = MergeTree ORDER BY a; -- { serverError 36 }
CREATE TABLE e7 (a UUID CODEC(Delta, LZ4)) ENGINE = MergeTree ORDER BY a; -- { serverError 36 }
CREATE TABLE e8 (a UInt32 CODEC(NONE, LZ4)) ENGINE = MergeTree ORDER BY a; -- { serverError 36 }
CREATE TABLE e9 (a String CODEC(T64, LZ4)) ENGINE = MergeTree ORDER BY a; -- { serverError 431 }
CREATE TABLE e10 (a UInt32 CODEC(LZ4(1))) ENGINE = MergeTree ORDER BY a; -- { serverError 378 }
CREATE TABLE e11 (a UInt32 CODEC(Gorilla, LZ4)) ENGINE = MergeTree ORDER BY a; -- { serverError 36 }
CREATE TABLE e12 (a UInt32 CODEC(ZSTD(1), Delta)) ENGINE = MergeTree ORDER BY a; -- { serverError 36 }
SHOW TABLES;
