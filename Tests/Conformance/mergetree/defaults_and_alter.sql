-- Column expressions through a table's life: an untyped DEFAULT takes its expression's type, a
-- column added by ALTER with an expression has its values in the rows already stored, MODIFY
-- changes a default, and a subquery is no default (116).
CREATE TABLE readings (sensor String, at DateTime MATERIALIZED toDateTime('2026-03-01 00:00:00'), scale DEFAULT 10) ENGINE = MergeTree ORDER BY sensor;
DESCRIBE TABLE readings;
INSERT INTO readings (sensor) VALUES ('north'), ('south-east');
INSERT INTO readings (sensor, scale) VALUES ('west', 3);
SELECT *, at FROM readings ORDER BY sensor;
ALTER TABLE readings ADD COLUMN name_length UInt64 MATERIALIZED length(sensor);
SELECT sensor, name_length FROM readings ORDER BY sensor;
ALTER TABLE readings MODIFY COLUMN scale DEFAULT 20;
INSERT INTO readings (sensor) VALUES ('up');
SELECT sensor, scale, name_length FROM readings ORDER BY sensor;
DESCRIBE TABLE readings;
ALTER TABLE readings DROP COLUMN name_length;
SELECT * FROM readings ORDER BY sensor;
SELECT count() FROM (SELECT rand() AS r FROM numbers(100)) WHERE r >= 0;
CREATE TABLE broken (a UInt8, b UInt8 DEFAULT (SELECT 1)) ENGINE = Memory; -- { serverError 116 }
