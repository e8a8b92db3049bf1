CREATE TABLE fa (k UInt32, s AggregateFunction(sum, UInt64), c AggregateFunction(count)) ENGINE = AggregatingMergeTree() ORDER BY k;
CREATE TABLE fr (k UInt32, v UInt64) ENGINE = MergeTree() ORDER BY k;
CREATE MATERIALIZED VIEW fmv TO fa AS SELECT k, sumState(v) AS s, countState() AS c FROM fr GROUP BY k;
INSERT INTO fr VALUES (1, 5), (2, 5), (3, 7);
SELECT countMerge(c) AS n, sumMerge(s) AS total FROM fa GROUP BY s ORDER BY total;
SELECT k, sumMerge(s) FROM fa GROUP BY s; -- { serverError 215 }
