CREATE DATABASE IF NOT EXISTS fx;
CREATE TABLE fx.events (
    t DateTime,
    d Date MATERIALIZED toDate(t),
    id UUID,
    name LowCardinality(String) COMMENT 'who',
    n Nullable(Int32),
    tags Array(String),
    pair Tuple(UInt16, String),
    i8 Int8, u64 UInt64 CODEC(Delta, ZSTD(3)),
    f32 Float32, f64 Float64 DEFAULT f32 * 2
) ENGINE = MergeTree PARTITION BY toYYYYMM(t) ORDER BY (name, intHash32(u64), t)
TTL t + INTERVAL 20 YEAR SETTINGS index_granularity = 64;
CREATE TABLE fx.hourly (hour DateTime, name String, c AggregateFunction(count), q AggregateFunction(quantile(0.9), Float32),
    u AggregateFunction(uniqExact, UInt64), a AggregateFunction(avg, Float64))
ENGINE = AggregatingMergeTree PARTITION BY toYYYYMM(hour) ORDER BY (name, hour);
CREATE MATERIALIZED VIEW fx.hourly_mv TO fx.hourly AS
    SELECT toStartOfHour(t) AS hour, name, countState() AS c, quantileState(0.9)(f32) AS q, uniqExactState(u64) AS u, avgState(f64) AS a
    FROM fx.events GROUP BY hour, name;
CREATE MATERIALIZED VIEW fx.sums ENGINE = SummingMergeTree ORDER BY (name, day) AS
    SELECT name, toDate(t) AS day, count() AS rows, sum(u64) AS total FROM fx.events GROUP BY name, day;
CREATE TABLE fx.latest (k String, v UInt32, ver UInt64) ENGINE = ReplacingMergeTree(ver) PARTITION BY k ORDER BY k;
CREATE VIEW fx.by_name AS SELECT name, count() AS c FROM fx.events GROUP BY name;
INSERT INTO fx.events (t, id, name, n, tags, pair, i8, u64, f32)
    SELECT toDateTime('2026-10-30 20:00:00') + number * 137, if(number % 2 = 0, toUUID('61f0c404-5cb3-11e7-907b-a6006ad3dba0'), toUUID('00000000-0000-0000-0000-000000000002')), ['a', 'b', 'c'][number % 3 + 1],
           if(number % 5 = 0, NULL, toInt32(number) - 500), arrayMap(x -> toString(x), range(number % 4)),
           (toUInt16(number % 7), toString(number % 11)), toInt8(number % 256 - 128), number * number, number / 7
    FROM numbers(1500);
INSERT INTO fx.events (t, id, name, n, tags, pair, i8, u64, f32, f64)
    SELECT toDateTime('2026-11-02 00:00:00') + number * 61, toUUID('00000000-0000-0000-0000-000000000001'), 'd', number, [], (1, ''), 1, number, 1.5, 0.1 * number
    FROM numbers(700);
OPTIMIZE TABLE fx.events PARTITION 202611 FINAL;
INSERT INTO fx.latest VALUES ('x', 1, 1), ('y', 2, 1);
INSERT INTO fx.latest VALUES ('x', 3, 2);
ALTER TABLE fx.events ADD COLUMN extra String DEFAULT concat(name, '!');
