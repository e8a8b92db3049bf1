-- SimpleAggregateFunction columns: each merge combines them with their function; FINAL shows
-- the combined rows before any merge; the declared type is what DESCRIBE and SHOW CREATE print.
CREATE TABLE simple (k UInt32, s SimpleAggregateFunction(sum, Int64), lo SimpleAggregateFunction(min, String),
    hi SimpleAggregateFunction(max, Float64), first SimpleAggregateFunction(any, UInt8), last SimpleAggregateFunction(anyLast, UInt8))
    ENGINE = AggregatingMergeTree ORDER BY k;
INSERT INTO simple VALUES (1, 30000, 'm', 1.5, 1, 1), (2, 1, 'z', -1, 7, 7);
INSERT INTO simple VALUES (1, 30000, 'b', 9.25, 2, 2), (1, -5, 'q', 3, 3, 3);
SELECT * FROM simple FINAL ORDER BY k;
SELECT k, sum(s), min(lo), max(hi) FROM simple GROUP BY k ORDER BY k;
OPTIMIZE TABLE simple FINAL;
SELECT * FROM simple ORDER BY k;
DESCRIBE TABLE simple;
SHOW CREATE TABLE simple;
CREATE TABLE bad (k UInt32, v SimpleAggregateFunction(sum, UInt64), d UInt8) ENGINE = AggregatingMergeTree ORDER BY k; -- { serverError 36 }
CREATE TABLE bad_sum (k UInt32, v SimpleAggregateFunction(sum, Int16)) ENGINE = AggregatingMergeTree ORDER BY k; -- { serverError 36 }
