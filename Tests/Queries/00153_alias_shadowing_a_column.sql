-- An alias named as a column: inside its own definition the name is the column, elsewhere
-- (other items, WHERE, GROUP BY, ORDER BY) it is the alias.
CREATE TABLE t (k UInt32, v Float64) ENGINE = MergeTree ORDER BY k;
INSERT INTO t VALUES (1, 0.5), (2, 1.5), (3, 2.5), (4, 3.5);
SELECT k + 1 AS k, k FROM t ORDER BY k;
SELECT k * 10 AS k, k * 2 AS m FROM t WHERE k > 15 ORDER BY k DESC;
SELECT k % 2 AS k, count(), sum(v) FROM t GROUP BY k ORDER BY k;
SELECT sum(v) * 2 AS v, max(k) AS k FROM t;
SELECT toString(k) AS k, length(k) FROM t ORDER BY k LIMIT 2;
-- A materialized view's query follows the same rule.
CREATE TABLE dst (k UInt32) ENGINE = MergeTree ORDER BY k;
CREATE MATERIALIZED VIEW mv TO dst AS SELECT k * 10 AS k FROM t;
INSERT INTO t VALUES (5, 4.5);
SELECT * FROM dst;
-- Elsewhere, an alias of an expression of an aggregate inside an aggregate is code 184.
SELECT sum(v) * 2 AS v, sum(v) AS w FROM t; -- { serverError 184 }
SELECT sum(v) * 2 AS x, sum(x) FROM t; -- { serverError 184 }
