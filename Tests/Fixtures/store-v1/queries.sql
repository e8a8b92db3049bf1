-- The float sums rounded: over several parts, ClickHouse's own last bits depend on its thread
-- count (each reading thread's state is merged), so no one answer is ClickHouse's.
SELECT count(), sum(u64), round(sum(f64), 6), countIf(n IS NULL), sum(length(tags)) FROM fx.events;
SELECT name, d, count(), min(t), max(t), sum(i8), any(extra) FROM fx.events GROUP BY name, d ORDER BY name, d LIMIT 12;
SELECT * FROM fx.events WHERE name = 'd' ORDER BY t LIMIT 3;
SELECT name, hour, countMerge(c), round(quantileMerge(0.9)(q), 3), uniqExactMerge(u), round(avgMerge(a), 6) FROM fx.hourly GROUP BY name, hour ORDER BY name, hour LIMIT 10;
SELECT name, sum(rows), sum(total) FROM fx.sums GROUP BY name ORDER BY name;
SELECT * FROM fx.latest FINAL ORDER BY k;
SELECT * FROM fx.by_name ORDER BY name;
SELECT table, partition, sum(rows) FROM system.parts WHERE database = 'fx' AND table = 'events' AND active GROUP BY table, partition ORDER BY table, partition;
SHOW CREATE TABLE fx.events;
-- A view stored, in this version, as the Swift encoding of its compiled query: read back as its SELECT.
SHOW CREATE TABLE fx.hourly_mv;
-- Written to: new parts beside the old ones, merged with them, the views fed.
INSERT INTO fx.events (t, id, name, n, tags, pair, i8, u64, f32) SELECT toDateTime('2026-11-03 00:00:00') + number * 60, toUUID('00000000-0000-0000-0000-000000000003'), 'e', NULL, ['z'], (2, 'w'), -1, number, 2.5 FROM numbers(100);
INSERT INTO fx.latest VALUES ('y', 9, 5);
OPTIMIZE TABLE fx.events FINAL;
OPTIMIZE TABLE fx.hourly FINAL;
OPTIMIZE TABLE fx.latest FINAL;
SELECT count(), sum(u64), round(sum(f64), 6), countIf(n IS NULL), sum(length(tags)) FROM fx.events;
SELECT name, count(), any(extra) FROM fx.events GROUP BY name ORDER BY name;
SELECT name, countMerge(c), uniqExactMerge(u) FROM fx.hourly GROUP BY name ORDER BY name;
SELECT name, sum(rows), sum(total) FROM fx.sums GROUP BY name ORDER BY name;
SELECT * FROM fx.latest ORDER BY k;
SELECT table, partition, sum(rows) FROM system.parts WHERE database = 'fx' AND table = 'events' AND active GROUP BY table, partition ORDER BY table, partition;
