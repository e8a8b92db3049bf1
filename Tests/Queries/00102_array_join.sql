-- ARRAY JOIN and arrayJoin(): rows repeated per element; LEFT keeps empty arrays; each arrayJoin call a join of its own.
SELECT arrayJoin([1, 2, 3]) AS x, x * 10;
SELECT number, arrayJoin(range(number)) FROM numbers(4);
SELECT arrayJoin(['a', 'b']) AS s, count() FROM numbers(3) GROUP BY s ORDER BY s;
SELECT sum(arrayJoin([1, 2, 3]));
CREATE TABLE t (k UInt8, a Array(String), n Array(UInt32)) ENGINE = MergeTree ORDER BY k;
INSERT INTO t VALUES (1, ['x', 'y'], [10, 20]), (2, [], []), (3, ['z'], [30]);
SELECT k, a FROM t ARRAY JOIN a ORDER BY k, a;
SELECT k, a, e, m FROM t ARRAY JOIN a AS e, n AS m ORDER BY k, e;
SELECT k, e FROM t LEFT ARRAY JOIN a AS e ORDER BY k, e;
SELECT k, e FROM t ARRAY JOIN a AS e WHERE e != 'y' ORDER BY k;
SELECT k, arrayJoin(n) AS v FROM t WHERE v > 10 ORDER BY v;
SELECT k, x, y FROM t ARRAY JOIN [1, 2] AS x, [1] AS y ORDER BY k, x; -- { serverError 190 }
SELECT arrayJoin([1, 2]) AS x, arrayJoin([3, 4]) AS y ORDER BY x, y;
