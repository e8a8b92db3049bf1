-- SQL's names of types (DOUBLE, INT, BIGINT UNSIGNED, VARCHAR(n), TIMESTAMP, …) and DateTime('UTC');
-- toTypeName of a column declared LowCardinality or SimpleAggregateFunction says so; the
-- SimpleAggregateFunction columns of sumWithOverflow and groupBit…; quantiles of DateTime values.
CREATE TABLE typed (a Double, b INT, c BIGINT UNSIGNED, d VARCHAR(20), e TIMESTAMP, f tinyint, g Real, h DateTime('UTC'), i text) ENGINE = Memory;
INSERT INTO typed VALUES (1.5, -2, 3, 'x', '2020-01-02 03:04:05', -4, 0.5, '2021-06-07 08:09:10', 'y');
SELECT toTypeName(a), toTypeName(b), toTypeName(c), toTypeName(d), toTypeName(e), toTypeName(f), toTypeName(g), toTypeName(i) FROM typed;
SELECT * FROM typed;
SELECT CAST(1.5 AS DOUBLE), CAST(2 AS BIGINT), toTypeName(CAST('7' AS INTEGER)), CAST(7 AS TEXT);
CREATE TABLE simple (id UInt64, s SimpleAggregateFunction(sum, Float64), w SimpleAggregateFunction(sumWithOverflow, UInt8), o SimpleAggregateFunction(groupBitOr, UInt32), x SimpleAggregateFunction(groupBitXor, Int16), l SimpleAggregateFunction(anyLast, LowCardinality(String))) ENGINE = AggregatingMergeTree ORDER BY id;
INSERT INTO simple SELECT number % 3, number, 200, bitShiftLeft(toUInt32(1), number % 8), toInt16(number) - 5, toString(number) FROM numbers(12);
INSERT INTO simple SELECT number % 3, number, 100, bitShiftLeft(toUInt32(1), number % 5), toInt16(number) * 3, 'z' FROM numbers(9);
SELECT id, s, w, o, x FROM simple FINAL ORDER BY id;
OPTIMIZE TABLE simple FINAL;
SELECT id, s, w, o, x FROM simple ORDER BY id;
SELECT toTypeName(s), toTypeName(w), toTypeName(o), toTypeName(l), toTypeName(id) FROM simple LIMIT 1;
CREATE TABLE bad (id UInt64, f SimpleAggregateFunction(groupBitOr, Float64)) ENGINE = AggregatingMergeTree ORDER BY id; -- { serverError 43 }
CREATE TABLE times (d DateTime('UTC')) ENGINE = Memory;
INSERT INTO times VALUES ('2016-06-15 23:00:00'), ('2016-06-15 23:00:07'), ('2016-06-16 01:00:00');
SELECT quantile(0.5)(d), quantiles(0.2, 0.7)(d), quantileDeterministic(0.2)(d, 1), quantileExact(0.2)(d), quantileTDigest(0.2)(d), quantilesTDigest(0.2)(d), quantileTiming(0.2)(d) FROM times;
SELECT quantile(0.5)(d), quantiles(0.5)(d) FROM times WHERE d > '2030-01-01 00:00:00';
