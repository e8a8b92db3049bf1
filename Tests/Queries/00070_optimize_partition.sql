CREATE TABLE op (ts DateTime, v UInt32) ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY ts;
INSERT INTO op VALUES ('2026-10-01 00:00:00', 1), ('2026-11-01 00:00:00', 2);
INSERT INTO op VALUES ('2026-10-02 00:00:00', 3), ('2026-11-02 00:00:00', 4);
OPTIMIZE TABLE op PARTITION 202610;
SELECT name, rows FROM system.parts WHERE database = 'default' AND table = 'op' AND active ORDER BY name;
OPTIMIZE TABLE op;
SELECT name, rows FROM system.parts WHERE database = 'default' AND table = 'op' AND active ORDER BY name;
