-- topK and topKWeighted: ClickHouse's Filtered Space-Saving, its ties and approximations.
SELECT topK(3)(number % 7) FROM numbers(1000);
SELECT topK(3)(x) FROM (SELECT arrayJoin([1, 1, 2, 2, 3, 3, 3, 4]) x);
SELECT topK(2)(number % 100), topK(3)(number % 50) FROM numbers(10000);
SELECT topK(5)(toString(number % 97)), topK(4)(toString(number * 7919 % 1000)) FROM numbers(20000);
SELECT topK(3, 2)(number % 41), topK(2)(toDateTime(number % 3)), topK(2)(toInt8(number % 5) - 2) FROM numbers(3000);
SELECT topK(5)(toUUID(concat('00000000-0000-0000-0000-00000000000', toString(number % 4)))) FROM numbers(50);
SELECT topK(3)(number) FROM numbers(0);
SELECT topKWeighted(2)(number % 5, number), topKWeighted(3)(toString(number % 9), number % 4 - 1) FROM numbers(100);
-- States: ClickHouse's bytes, merged in a query and by a table's merges.
SELECT hex(topKState(2)(number % 3)), hex(topKState(1)(toString(number % 3))) FROM numbers(10);
SELECT hex(topKState(3)(number)) FROM numbers(0);
SELECT hex(topKWeightedState(2)(number % 4, number)), toTypeName(topKWeightedState(2)(number % 4, number)) FROM numbers(20);
SELECT toTypeName(topKState(2)(number)), toTypeName(topK(2)(toDate(number))) FROM numbers(10);
SELECT topKMerge(3)(s) FROM (SELECT number % 3 k, topKState(3)(number) s FROM numbers(9) GROUP BY k ORDER BY k);
CREATE TABLE top (k UInt64, x AggregateFunction(topK(2), UInt8), w AggregateFunction(topKWeighted(2), UInt8, UInt8)) ENGINE = AggregatingMergeTree ORDER BY k;
INSERT INTO top SELECT 1, topKState(2)(toUInt8(1)), topKWeightedState(2)(toUInt8(1), toUInt8(3));
INSERT INTO top SELECT 1, topKState(2)(toUInt8(2)), topKWeightedState(2)(toUInt8(2), toUInt8(2));
INSERT INTO top SELECT 1, topKState(2)(toUInt8(2)), topKWeightedState(2)(toUInt8(3), toUInt8(5));
SELECT k, topKMerge(2)(x), topKWeightedMerge(2)(w) FROM top GROUP BY k;
OPTIMIZE TABLE top FINAL;
SELECT k, topKMerge(2)(x), topKWeightedMerge(2)(w) FROM top GROUP BY k;
SELECT topK(0)(number) FROM numbers(10); -- { serverError 69 }
SELECT topK(1, 0)(number) FROM numbers(10); -- { serverError 69 }
SELECT topKWeighted(2)(number, 1.5) FROM numbers(3); -- { serverError 43 }
-- Values of any type are counted (by their bytes; their states are not kept here).
SELECT k, arraySort(topK(v)) FROM (SELECT number % 10 AS k, arrayMap(x -> arrayMap(y -> y = 0 ? NULL : toString(y), range(x % 4)), range(number % 7)) AS v FROM numbers(100)) GROUP BY k ORDER BY k;
SELECT uniqUpTo(5)(number % 3, number % 2), uniqUpTo(3)((number % 3, number % 2)) FROM numbers(20);
