DROP TABLE IF EXISTS req;
DROP TABLE IF EXISTS req_hourly;
CREATE TABLE req (t DateTime, ms Float64) ENGINE = MergeTree ORDER BY t;
CREATE MATERIALIZED VIEW req_hourly ENGINE = AggregatingMergeTree ORDER BY hour AS SELECT toStartOfHour(t) AS hour, quantileState(0.9)(ms) AS p90, maxState(ms) AS worst FROM req GROUP BY hour;
INSERT INTO req SELECT toDateTime('2024-06-01 00:00:00') + number * 60, number % 97 FROM numbers(180);
SELECT hour, quantileMerge(0.9)(p90), maxMerge(worst) FROM req_hourly GROUP BY hour ORDER BY hour;
DROP TABLE req_hourly;
DROP TABLE req;
