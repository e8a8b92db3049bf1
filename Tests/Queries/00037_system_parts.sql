CREATE TABLE sp (ts DateTime, v UInt32) ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY ts;
INSERT INTO sp VALUES ('2026-11-20 10:00:00', 1), ('2026-10-31 23:59:59', 2), ('2026-11-01 00:00:00', 3);
INSERT INTO sp VALUES ('2026-11-21 10:00:00', 4);
SELECT partition, name, min_block_number, max_block_number, level, rows, marks FROM system.parts WHERE database = 'default' AND table = 'sp' AND active ORDER BY name;
OPTIMIZE TABLE sp FINAL;
SELECT partition, name, rows FROM system.parts WHERE database = 'default' AND table = 'sp' AND active ORDER BY name;
ALTER TABLE sp DROP PARTITION 202610;
SELECT count(), sum(v) FROM sp;
SELECT name FROM system.parts WHERE database = 'default' AND table = 'sp' AND active ORDER BY name;
