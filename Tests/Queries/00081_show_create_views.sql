CREATE TABLE src (ts DateTime, k String, v Float32) ENGINE = MergeTree ORDER BY ts;
CREATE MATERIALIZED VIEW mv ENGINE = AggregatingMergeTree() PARTITION BY toYYYYMM(h) ORDER BY (k, h) AS SELECT toStartOfHour(ts) AS h, k, avgState(v) AS a, quantileState(0.95)(v) AS q, countState() AS n FROM src GROUP BY h, k;
CREATE TABLE dst (k String, total Float64) ENGINE = SummingMergeTree ORDER BY k;
CREATE MATERIALIZED VIEW mv2 TO dst AS SELECT k, sum(v) AS total FROM src GROUP BY k;
SHOW CREATE TABLE mv;
SHOW CREATE TABLE mv2;
SHOW CREATE TABLE dst;
