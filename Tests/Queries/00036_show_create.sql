CREATE TABLE sc (ts DateTime, k UInt32, s String, f Float32) ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (k, ts) TTL ts + INTERVAL 30 DAY SETTINGS index_granularity = 8192;
SHOW CREATE TABLE sc;
CREATE TABLE sc2 (k UInt32, s AggregateFunction(avg, Float32)) ENGINE = AggregatingMergeTree ORDER BY k;
SHOW CREATE TABLE sc2;
CREATE TABLE sc3 (k UInt32, v UInt64) ENGINE = SummingMergeTree ORDER BY k;
SHOW CREATE TABLE sc3;
DESCRIBE TABLE sc;
