-- NULLs inside tuples and arrays: literals with NULL elements in VALUES, and functions of a
-- tuple's or an array's Nullable element (NULL in, NULL out).
CREATE TABLE g (p Tuple(UInt8, Nullable(String)), a Array(Nullable(String)), b Array(Nullable(UInt8))) ENGINE = Memory;
INSERT INTO g VALUES ((1, 'ab'), ['x', NULL], [1, NULL]), ((2, NULL), [], [NULL]);
SELECT length(p.2), upper(p.2), length(a[2]), p.1 + 1, b[1] * 2, * FROM g;
SELECT toTypeName(length(p.2)), toTypeName(a[1]), countIf(p.2 IS NULL), count(p.2) FROM g;
SELECT toTypeName(p), toTypeName(count()), toTypeName(upper(p.2)), count() FROM g GROUP BY p.1 ORDER BY p.1;
