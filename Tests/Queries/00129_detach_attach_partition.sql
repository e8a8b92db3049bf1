-- ALTER TABLE … DETACH / ATTACH PARTITION (a value, ID 'id', ALL, tuple()) and PART 'name': detached
-- parts leave the table for detached/ (system.detached_parts) and come back under new block
-- numbers, as ClickHouse renames them; DROP PART; the errors of a missing or malformed part name.
CREATE TABLE t (d Date, k UInt8) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY k;
INSERT INTO t VALUES ('2024-01-05', 1), ('2024-02-01', 2);
INSERT INTO t VALUES ('2024-01-06', 3);
SELECT name FROM system.parts WHERE table = 't' AND active ORDER BY name;
ALTER TABLE t DETACH PARTITION 202401;
SELECT * FROM t ORDER BY k;
SELECT database, table, partition_id, name, reason, min_block_number, max_block_number, level FROM system.detached_parts WHERE table = 't' ORDER BY name;
ALTER TABLE t ATTACH PARTITION 202401;
SELECT * FROM t ORDER BY k;
SELECT name FROM system.parts WHERE table = 't' AND active ORDER BY name;
SELECT count() FROM system.detached_parts WHERE table = 't';
ALTER TABLE t DETACH PART '202402_2_2_0';
SELECT name FROM system.detached_parts WHERE table = 't';
ALTER TABLE t ATTACH PART '202402_2_2_0';
SELECT name FROM system.parts WHERE table = 't' AND active ORDER BY name;
ALTER TABLE t DETACH PARTITION 209901;
ALTER TABLE t ATTACH PARTITION 209901;
ALTER TABLE t ATTACH PART 'nope'; -- { serverError 233 }
ALTER TABLE t DETACH PART 'nope'; -- { serverError 233 }
ALTER TABLE t DETACH PART '202401_99_99_0'; -- { serverError 232 }
ALTER TABLE t ATTACH PART '202401_99_99_0'; -- { serverError 233 }
ALTER TABLE t DETACH PARTITION ID '202401';
SELECT count() FROM t;
ALTER TABLE t ATTACH PARTITION ID '202401';
SELECT count() FROM t;
ALTER TABLE t DETACH PARTITION '202401';
SELECT count() FROM t;
ALTER TABLE t ATTACH PARTITION '202401';
SELECT d, k FROM t ORDER BY k;
ALTER TABLE t DROP PART '202402_6_6_0';
SELECT count() FROM t;
CREATE TABLE n (k UInt8) ENGINE = MergeTree ORDER BY k;
INSERT INTO n VALUES (1);
ALTER TABLE n DETACH PARTITION tuple();
SELECT count() FROM n;
SELECT partition_id, name FROM system.detached_parts WHERE table = 'n';
ALTER TABLE n ATTACH PARTITION tuple();
SELECT count() FROM n;
ALTER TABLE n DETACH PARTITION ALL;
SELECT count() FROM n;
ALTER TABLE n ATTACH PARTITION ALL;
SELECT count() FROM n;
