CREATE TABLE fa (k UInt32, s AggregateFunction(sum, UInt64), c AggregateFunction(count)) ENGINE = AggregatingMergeTree() ORDER BY k;
CREATE TABLE fr (k UInt32, v UInt64) ENGINE = MergeTree() ORDER BY k;
CREATE MATERIALIZED VIEW fmv TO fa AS SELECT k, sumState(v) AS s, countState() AS c FROM fr GROUP BY k;
INSERT INTO fr VALUES (1, 1), (2, 2);
INSERT INTO fr VALUES (1, 10);
SELECT count() FROM fa;
SELECT count() FROM fa FINAL;
SELECT k, sumMerge(s), countMerge(c) FROM fa FINAL GROUP BY k ORDER BY k;
