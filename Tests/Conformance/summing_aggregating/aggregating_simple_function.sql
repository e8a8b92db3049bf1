DROP TABLE IF EXISTS saf;
CREATE TABLE saf (k UInt32, total SimpleAggregateFunction(sum, UInt64), top SimpleAggregateFunction(max, UInt64)) ENGINE = AggregatingMergeTree ORDER BY k;
INSERT INTO saf VALUES (1, 1, 1), (1, 2, 5), (2, 3, 3);
OPTIMIZE TABLE saf FINAL;
SELECT * FROM saf ORDER BY k;
DROP TABLE saf;
