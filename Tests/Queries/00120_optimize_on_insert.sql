-- optimize_on_insert = 0: a Summing, Collapsing, Replacing or Aggregating table's inserted block is written as it came (level 0), for merges and FINAL to collapse; 1 (the default) collapses it (level 1).
CREATE TABLE s (k UInt8, v UInt64) ENGINE = SummingMergeTree ORDER BY k;
CREATE TABLE c (k UInt8, sign Int8) ENGINE = CollapsingMergeTree(sign) ORDER BY k;
CREATE TABLE r (k UInt8, v UInt8) ENGINE = ReplacingMergeTree ORDER BY k;
CREATE TABLE src (k UInt8, v UInt64) ENGINE = MergeTree ORDER BY k;
CREATE TABLE agg (k UInt8, c AggregateFunction(count), v SimpleAggregateFunction(sum, UInt64)) ENGINE = AggregatingMergeTree ORDER BY k;
CREATE MATERIALIZED VIEW mv TO agg AS SELECT k % 2 AS k, countState() AS c, sum(v) AS v FROM src GROUP BY k;
SET optimize_on_insert = 0;
INSERT INTO s VALUES (1, 1), (1, 2), (2, 0);
SELECT * FROM s ORDER BY k, v;
SELECT name, level, rows FROM system.parts WHERE table = 's' AND active ORDER BY name;
INSERT INTO c VALUES (1, 1), (1, -1), (2, 1);
SELECT * FROM c ORDER BY k, sign;
SELECT * FROM c FINAL ORDER BY k;
INSERT INTO r VALUES (1, 1), (1, 2), (2, 1);
SELECT * FROM r ORDER BY k, v;
SELECT * FROM r FINAL ORDER BY k;
INSERT INTO src VALUES (1, 1), (3, 2), (2, 0);
SELECT k, finalizeAggregation(c), v FROM agg ORDER BY k;
SELECT name, level, rows FROM system.parts WHERE table = 'agg' AND active ORDER BY name;
-- A query's own SETTINGS win over the session's.
INSERT INTO s SETTINGS optimize_on_insert = 1 VALUES (1, 1), (1, 2), (2, 0);
SELECT name, level, rows FROM system.parts WHERE table = 's' AND active ORDER BY name;
SELECT * FROM s FINAL ORDER BY k;
OPTIMIZE TABLE s FINAL;
SELECT * FROM s ORDER BY k;
SELECT name, level, rows FROM system.parts WHERE table = 's' AND active ORDER BY name;
SET optimize_on_insert = 1;
INSERT INTO c VALUES (3, 1), (3, -1), (4, 1);
SELECT * FROM c ORDER BY k, sign;
SELECT name, level, rows FROM system.parts WHERE table = 'c' AND active ORDER BY name;
INSERT INTO src VALUES (5, 1), (7, 2);
SELECT k, finalizeAggregation(c), v FROM agg ORDER BY k;
SELECT name, level, rows FROM system.parts WHERE table = 'agg' AND active ORDER BY name;
-- Streamed: TSV after FORMAT.
SET optimize_on_insert = 0;
INSERT INTO r FORMAT TSV
5	1
5	2
;
SELECT * FROM r WHERE k = 5 ORDER BY v;
SET optimize_on_insert = 'maybe'; -- { serverError 467 }
