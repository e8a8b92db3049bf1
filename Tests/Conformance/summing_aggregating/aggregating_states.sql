DROP TABLE IF EXISTS ag;
CREATE TABLE ag (k UInt32, s AggregateFunction(sum, UInt64), m AggregateFunction(max, Float64)) ENGINE = AggregatingMergeTree ORDER BY k;
INSERT INTO ag SELECT number % 3, sumState(number), maxState(toFloat64(number)) FROM numbers(10) GROUP BY number % 3;
INSERT INTO ag SELECT number % 3, sumState(number), maxState(toFloat64(number)) FROM numbers(20) GROUP BY number % 3;
SELECT k, sumMerge(s), maxMerge(m) FROM ag GROUP BY k ORDER BY k;
OPTIMIZE TABLE ag FINAL;
SELECT k, sumMerge(s), maxMerge(m) FROM ag GROUP BY k ORDER BY k;
DROP TABLE ag;
