CREATE TABLE base (k UInt32, v UInt64) ENGINE = MergeTree() ORDER BY k;
CREATE MATERIALIZED VIEW bv ENGINE = SummingMergeTree() ORDER BY k AS SELECT k, sum(v) AS total FROM base GROUP BY k;
INSERT INTO bv VALUES (7, 70);
SELECT * FROM bv;
SELECT count() FROM base;
DROP TABLE bv;
INSERT INTO base VALUES (1, 1);
SELECT count() FROM base;
SELECT * FROM bv; -- { serverError 60 }
