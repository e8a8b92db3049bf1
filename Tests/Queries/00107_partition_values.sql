-- system.parts shows a partition's value, also where its ID is a hash (a key with strings or
-- floats): one value as it is, several as a tuple with the strings quoted.
CREATE TABLE pv_string (s String, x UInt8) ENGINE = MergeTree PARTITION BY s ORDER BY x;
INSERT INTO pv_string VALUES ('ab', 1), ('c\'d', 2), ('', 3);
SELECT partition, partition_id, rows FROM system.parts WHERE database = 'default' AND table = 'pv_string' AND active ORDER BY partition;
CREATE TABLE pv_tuple (s String, d Date, x UInt8) ENGINE = MergeTree PARTITION BY (s, toYYYYMM(d)) ORDER BY x;
INSERT INTO pv_tuple VALUES ('ab', '2026-01-01', 1), ('ab', '2026-02-01', 2), ('x y', '2026-01-05', 3);
SELECT partition, partition_id, rows FROM system.parts WHERE database = 'default' AND table = 'pv_tuple' AND active ORDER BY partition;
CREATE TABLE pv_number (x UInt8, y Int16) ENGINE = MergeTree PARTITION BY (x, y) ORDER BY x;
INSERT INTO pv_number VALUES (1, -2), (3, 4);
SELECT partition, partition_id FROM system.parts WHERE database = 'default' AND table = 'pv_number' AND active ORDER BY partition;
