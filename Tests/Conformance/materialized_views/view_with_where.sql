DROP TABLE IF EXISTS src;
DROP TABLE IF EXISTS errors_mv;
CREATE TABLE src (k UInt32, status UInt32) ENGINE = MergeTree ORDER BY k;
CREATE MATERIALIZED VIEW errors_mv ENGINE = SummingMergeTree ORDER BY k AS SELECT k, count() AS errors FROM src WHERE status >= 500 GROUP BY k;
INSERT INTO src VALUES (1, 200), (1, 500), (2, 503), (2, 404), (1, 501);
SELECT k, sum(errors) FROM errors_mv GROUP BY k ORDER BY k;
DROP TABLE errors_mv;
DROP TABLE src;
