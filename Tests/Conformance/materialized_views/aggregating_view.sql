DROP TABLE IF EXISTS raw;
DROP TABLE IF EXISTS hourly;
CREATE TABLE raw (t DateTime, svc String, latency Float64) ENGINE = MergeTree PARTITION BY toYYYYMM(t) ORDER BY (svc, t);
CREATE MATERIALIZED VIEW hourly ENGINE = AggregatingMergeTree PARTITION BY toYYYYMM(hour) ORDER BY (svc, hour)
AS SELECT toStartOfHour(t) AS hour, svc, avgState(latency) AS avg_latency, countState() AS requests FROM raw GROUP BY hour, svc;
INSERT INTO raw VALUES ('2024-03-01 10:05:00', 'api', 10), ('2024-03-01 10:45:00', 'api', 30), ('2024-03-01 11:00:00', 'db', 5);
INSERT INTO raw VALUES ('2024-03-01 10:50:00', 'api', 50);
SELECT hour, svc, avgMerge(avg_latency), countMerge(requests) FROM hourly GROUP BY hour, svc ORDER BY hour, svc;
DROP TABLE hourly;
DROP TABLE raw;
