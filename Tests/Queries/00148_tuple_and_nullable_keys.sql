-- A Tuple in the sorting key sorts element by element; a Nullable one needs allow_nullable_key
-- and sorts NULL last.
CREATE TABLE tk (x Tuple(UInt64, UInt64)) ENGINE = MergeTree ORDER BY x;
INSERT INTO tk SELECT (number % 3, 10 - number) FROM numbers(10);
SELECT * FROM tk;
SELECT count() FROM tk;
CREATE TABLE nk (k Nullable(UInt8)) ENGINE = MergeTree ORDER BY k; -- { serverError 44 }
CREATE TABLE nk (k Nullable(UInt8), t Tuple(String, Int8)) ENGINE = MergeTree ORDER BY (t, k) SETTINGS allow_nullable_key = 1;
INSERT INTO nk VALUES (NULL, ('b', 1)), (2, ('a', 5)), (1, ('b', 1)), (NULL, ('a', -1));
SELECT * FROM nk;
INSERT INTO nk VALUES (0, ('b', 1));
OPTIMIZE TABLE nk FINAL;
SELECT * FROM nk;
-- IN of a tuple: `(k, v) IN (1, 2)` is the one tuple (1, 2); `x IN 5` the one value.
SELECT count() FROM nk WHERE (k, t) IN (2, ('a', 5));
SELECT number FROM numbers(5) WHERE (number, number * 2) IN ((1, 2), (3, 6)) ORDER BY number;
SELECT number FROM numbers(5) WHERE (number, number + 1) IN (2, 3);
SELECT number FROM numbers(5) WHERE number IN 4;
