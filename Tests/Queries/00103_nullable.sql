-- Nullable(T) and NULL: storage, formats (\N, null, NULL, ᴺᵁᴸᴸ), propagation through functions,
-- the functions that look at NULL, NULLS LAST ordering, aggregates that skip NULLs.
SELECT NULL, 1 + NULL, NULL IS NULL, toTypeName(NULL), toTypeName(1 + NULL);
SELECT ifNull(NULL, 'default'), ifNull(NULL, 1), coalesce(NULL, NULL, 3), isNull(NULL), isNotNull(1);
CREATE TABLE n (k UInt8, a Nullable(UInt32), s Nullable(String)) ENGINE = MergeTree ORDER BY k;
INSERT INTO n VALUES (1, 1, 'x'), (2, NULL, NULL), (3, 3, 'a''b');
SELECT * FROM n ORDER BY k;
SELECT a, isNull(a), a + 1, a IS NOT NULL, s FROM n ORDER BY a;
SELECT a FROM n ORDER BY a DESC;
SELECT toTypeName(a), toTypeName(a + 1), toTypeName(ifNull(a, 0)) FROM n LIMIT 1;
SELECT * FROM n WHERE a > 1;
SELECT * FROM n WHERE a IS NULL;
SELECT k, coalesce(a, 100) FROM n ORDER BY k;
SELECT * FROM n ORDER BY k FORMAT JSONEachRow;
SELECT * FROM n ORDER BY k FORMAT CSV;
SELECT * FROM n ORDER BY k FORMAT Values;
SELECT * FROM n ORDER BY k FORMAT PrettyCompact;
SELECT nullIf(1, 1), nullIf(2, 1), assumeNotNull(a) FROM n ORDER BY k;
SELECT CAST(NULL AS Nullable(UInt8)), CAST(1 AS Nullable(String)), toNullable(5), toTypeName(toNullable(5));
SELECT if(k = 2, NULL, k) AS x, toTypeName(x) FROM n ORDER BY k;
SELECT a, count() FROM n GROUP BY a ORDER BY a;
CREATE TABLE n2 (k UInt8, a Nullable(UInt32), s Nullable(String)) ENGINE = MergeTree ORDER BY k;
INSERT INTO n2 VALUES (1, 1, 'x'), (2, NULL, NULL), (3, 3, 'y'), (1, NULL, 'z');
SELECT count(a), count(), sum(a), avg(a), min(a), max(a), uniq(a), groupArray(a), any(s), count(s) FROM n2;
SELECT toTypeName(sum(a)), toTypeName(count(a)), toTypeName(min(a)), toTypeName(groupArray(a)) FROM n2;
SELECT k, sum(a), count(a), max(s) FROM n2 GROUP BY k ORDER BY k;
SELECT sum(a), avg(a) FROM n2 WHERE k = 2;
SELECT sumIf(a, k = 1), countIf(a, k > 0) FROM n2;
CREATE TABLE n3 (k UInt8, a Nullable(UInt32)) ENGINE = MergeTree ORDER BY k;
INSERT INTO n3 VALUES (1, 1), (2, NULL), (3, 3);
SELECT k, toString(a), if(a > 1, 'big', 'small'), multiIf(a = 1, 'one', a = 3, 'three', 'other') FROM n3 ORDER BY k;
SELECT toString(NULL), toTypeName(toString(a)) FROM n3 LIMIT 1;
SELECT k FROM n3 WHERE a IN (1, 3) ORDER BY k;
SELECT k, a NOT IN (SELECT 3) FROM n3 ORDER BY k;
SELECT NULL IN (1, 2), 1 IN (1, 2);
CREATE TABLE no_nothing (a Array(Nothing)) ENGINE = Memory; -- { serverError 370 }
CREATE TABLE no_null (a Nullable(Nothing)) ENGINE = Memory; -- { serverError 370 }
CREATE TABLE from_null ENGINE = Memory AS SELECT NULL AS x; -- { serverError 370 }
