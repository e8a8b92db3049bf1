-- States of any, anyLast, groupArray, groupUniqArray, uniqExact and min/max of strings:
-- ClickHouse's bytes, stored in AggregateFunction columns, merged by AggregatingMergeTree.
SELECT hex(anyState(toUInt32(5))), hex(anyState('ab')), hex(anyLastState(toFloat64(1)));
SELECT hex(anyState(toUInt32(number))), hex(anyState(toString(number))) FROM numbers(0);
SELECT hex(anyState(toUUID('00000000-0000-0001-0000-000000000002'))), hex(anyState(toDateTime(1)));
SELECT hex(groupArrayState(number)), hex(groupArrayState(toString(number))) FROM numbers(3);
SELECT hex(uniqExactState(toString(number))) FROM numbers(1);
SELECT hex(minState('b')), hex(maxState(toUUID('00000000-0000-0001-0000-000000000002')));
SELECT hex(groupArrayState(2)(number)) FROM numbers(3);
SELECT toTypeName(anyState(1)), toTypeName(groupArrayState(2)(number)), toTypeName(uniqExactState(number)) FROM numbers(1);
SELECT finalizeAggregation(x) FROM (SELECT quantileState(0.5)(number) AS x FROM numbers(0));
DROP TABLE IF EXISTS value_states;
CREATE TABLE value_states (k UInt8, a AggregateFunction(any, String), l AggregateFunction(anyLast, UInt32), g AggregateFunction(groupArray, UInt64), u AggregateFunction(uniqExact, String), m AggregateFunction(max, String), s AggregateFunction(groupUniqArray, UInt8)) ENGINE = AggregatingMergeTree ORDER BY k;
INSERT INTO value_states SELECT number % 2, anyState(toString(number)), anyLastState(toUInt32(number)), groupArrayState(number), uniqExactState(toString(number % 5)), maxState(toString(number)), groupUniqArrayState(toUInt8(number % 3)) FROM numbers(10) GROUP BY number % 2;
SELECT k, anyMerge(a), anyLastMerge(l), groupArrayMerge(g), uniqExactMerge(u), maxMerge(m), arraySort(groupUniqArrayMerge(s)) FROM value_states GROUP BY k ORDER BY k;
INSERT INTO value_states SELECT number % 3, anyState(toString(number)), anyLastState(toUInt32(number)), groupArrayState(number), uniqExactState(toString(number % 7)), maxState(toString(number)), groupUniqArrayState(toUInt8(number % 4)) FROM numbers(10, 10) GROUP BY number % 3;
OPTIMIZE TABLE value_states FINAL;
SELECT k, anyMerge(a), anyLastMerge(l), groupArrayMerge(g), uniqExactMerge(u), maxMerge(m), arraySort(groupUniqArrayMerge(s)) FROM value_states GROUP BY k ORDER BY k;
SELECT k, finalizeAggregation(u), length(finalizeAggregation(g)), finalizeAggregation(m) FROM value_states ORDER BY k;
SELECT uniqExactMerge(u), length(groupArrayMerge(g)) FROM value_states;
DROP TABLE value_states;
