-- Window functions: f(x) OVER (PARTITION BY … ORDER BY … frame), after WHERE, GROUP BY and HAVING.
CREATE TABLE w (k UInt32, t UInt32, v Float64, s String, n Nullable(Int32)) ENGINE = MergeTree ORDER BY t;
INSERT INTO w VALUES (1, 1, 1.5, 'a', 1), (2, 2, 2, 'b', NULL), (1, 3, 3, 'c', 3), (1, 3, 4, 'd', NULL), (2, 5, -1, 'e', 5), (3, 6, 0, 'f', 6);
-- Numbering: row_number, rank (gaps after peers), dense_rank.
SELECT k, t, s, row_number() OVER (PARTITION BY k ORDER BY t, s), rank() OVER (ORDER BY k), dense_rank() OVER (ORDER BY k) FROM w ORDER BY k, t, s;
-- Aggregates: the default frame is the whole partition without ORDER BY, up to the last peer with it.
SELECT k, t, s, sum(v) OVER (PARTITION BY k ORDER BY t), count() OVER (PARTITION BY k), avg(v) OVER (), max(v) OVER (ORDER BY t ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) FROM w ORDER BY t, s;
SELECT k, t, s, min(s) OVER (PARTITION BY k), max(t) OVER (PARTITION BY k ORDER BY t DESC ROWS UNBOUNDED PRECEDING), sum(t) OVER (ORDER BY t, s ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM w ORDER BY k, t, s;
SELECT t, s, sum(t) OVER (ORDER BY t, s ROWS BETWEEN 1 FOLLOWING AND 2 FOLLOWING), avg(t) OVER (ORDER BY t, s ROWS BETWEEN 3 FOLLOWING AND 4 FOLLOWING), first_value(s) OVER (ORDER BY t, s ROWS BETWEEN 7 FOLLOWING AND 9 FOLLOWING) FROM w ORDER BY t, s;
-- Values of other rows of the frame: lagInFrame, leadInFrame (with offsets and defaults), first_value, last_value.
SELECT t, s, lagInFrame(t) OVER (ORDER BY t, s), leadInFrame(t) OVER (ORDER BY t), leadInFrame(t, 1, 99) OVER (ORDER BY t, s ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), first_value(s) OVER (ORDER BY t), last_value(s) OVER (ORDER BY t) FROM w ORDER BY t, s;
SELECT k, t, s, leadInFrame(s, 2) OVER (PARTITION BY k ORDER BY t, s ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING), lagInFrame(s, 1, 'none') OVER (PARTITION BY k ORDER BY t, s) FROM w ORDER BY k, t, s;
-- NULLs: count(x) skips them; lagInFrame passes them on.
SELECT t, s, n, count(n) OVER (), lagInFrame(n) OVER (ORDER BY t, s) FROM w ORDER BY t, s;
-- Result types, as ClickHouse gives them.
SELECT toTypeName(sum(k) OVER ()), toTypeName(sum(toInt8(k)) OVER ()), toTypeName(sum(v) OVER ()), toTypeName(row_number() OVER ()), toTypeName(avg(k) OVER ()), toTypeName(min(s) OVER ()), toTypeName(count() OVER ()), toTypeName(lagInFrame(k) OVER ()) FROM w LIMIT 1;
-- Over an aggregation, in ORDER BY, under an alias, and over numbers().
SELECT k, sum(v), sum(sum(v)) OVER (ORDER BY k), rank() OVER (ORDER BY count() DESC, k) FROM w GROUP BY k ORDER BY k;
SELECT k, t, s, sum(k) OVER (ORDER BY t, s) AS x FROM w ORDER BY x DESC LIMIT 2;
SELECT s, row_number() OVER (ORDER BY v DESC) AS r FROM w ORDER BY r;
SELECT number, sum(number) OVER (ORDER BY number), count() OVER (PARTITION BY number % 2) FROM numbers(6) ORDER BY number;
-- A window function in WHERE is code 184; an unknown one, or a wrong arity, an error.
SELECT k, row_number() OVER (PARTITION BY k ORDER BY t) AS rn FROM w WHERE rn = 1; -- { serverError 184 }
SELECT nosuch(t) OVER () FROM w; -- { serverError 63 }
SELECT lagInFrame(t, 1.5) OVER () FROM w; -- { serverError 36 }
SELECT sum(s) OVER () FROM w; -- { serverError 43 }
-- Offsets: a negative lag or lead is code 36; a ROWS frame's offset is below 2^31 - 1.
SELECT lagInFrame(t, 0) OVER (ORDER BY t, s), leadInFrame(t, 9223372036854775807, 7) OVER (ORDER BY t, s ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM w ORDER BY t, s;
SELECT sum(t) OVER (ORDER BY t, s ROWS BETWEEN 2147483646 PRECEDING AND 2147483646 FOLLOWING) FROM w ORDER BY t, s;
SELECT lagInFrame(t, -9223372036854775808) OVER (ORDER BY t) FROM w; -- { serverError 36 }
SELECT leadInFrame(t, -1) OVER (ORDER BY t) FROM w; -- { serverError 36 }
SELECT sum(t) OVER (ORDER BY t ROWS BETWEEN 18446744073709551615 PRECEDING AND CURRENT ROW) FROM w; -- { serverError 36 }
SELECT sum(t) OVER (ORDER BY t ROWS BETWEEN CURRENT ROW AND 2147483647 FOLLOWING) FROM w; -- { serverError 36 }
-- Named windows: WINDOW w AS (…) after HAVING, OVER w (columns named `… OVER w`).
SELECT t, s, row_number() OVER w, sum(t) OVER w2 FROM w WINDOW w AS (ORDER BY t DESC, s), w2 AS (PARTITION BY k) ORDER BY t, s;
SELECT k, count() AS c, rank() OVER byCount FROM w GROUP BY k HAVING c > 0 WINDOW byCount AS (ORDER BY c DESC, k) ORDER BY k;
SELECT k, rank() OVER x, sum(sum(v)) OVER x FROM w GROUP BY k WINDOW x AS (ORDER BY count() DESC, k) ORDER BY k;
SELECT row_number() OVER nope FROM w; -- { serverError 36 }
