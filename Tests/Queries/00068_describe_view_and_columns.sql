CREATE TABLE base (ts DateTime, lat Float32, svc String) ENGINE = MergeTree() ORDER BY ts;
CREATE MATERIALIZED VIEW agg ENGINE = AggregatingMergeTree() ORDER BY (svc, hour) AS SELECT toStartOfHour(ts) AS hour, svc, avgState(lat) AS avg_lat, countState() AS n FROM base GROUP BY hour, svc;
DESCRIBE TABLE agg;
SELECT name, type, position FROM system.columns WHERE database = 'default' AND table = 'base';
