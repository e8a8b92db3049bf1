-- A DateTime in a PARTITION BY key: its ID is its seconds (joined by - to the other values, a negative one too), shown as a quoted value in a tuple.
CREATE TABLE t (ts DateTime, i Int8, v UInt32) ENGINE = MergeTree PARTITION BY (ts, i) ORDER BY ts;
INSERT INTO t VALUES ('2026-09-10 00:00:00', -3, 1), ('2026-09-10 00:00:00', -3, 2), ('2026-09-11 00:00:00', 4, 3);
SELECT partition_id, partition, rows FROM system.parts WHERE table = 't' ORDER BY partition_id;
CREATE TABLE t2 (ts DateTime, v UInt32) ENGINE = MergeTree PARTITION BY ts ORDER BY ts;
INSERT INTO t2 VALUES ('2026-09-10 00:00:00', 1);
SELECT partition_id, partition, rows FROM system.parts WHERE table = 't2';
ALTER TABLE t2 DROP PARTITION '2026-09-10 00:00:00';
SELECT count() FROM t2;
