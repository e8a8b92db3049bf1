DROP TABLE IF EXISTS sm;
CREATE TABLE sm (k String, a UInt64, b Float64) ENGINE = SummingMergeTree ORDER BY k;
INSERT INTO sm VALUES ('x', 1, 0.5), ('y', 2, 1);
INSERT INTO sm VALUES ('x', 3, 0.25);
SELECT k, a, b FROM sm FINAL ORDER BY k;
OPTIMIZE TABLE sm FINAL;
SELECT k, a, b FROM sm ORDER BY k;
SELECT count() FROM sm;
DROP TABLE sm;
