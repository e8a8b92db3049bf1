CREATE TABLE src (hour DateTime, k String, v Float64) ENGINE = MergeTree() ORDER BY hour;
CREATE MATERIALIZED VIEW sv ENGINE = SummingMergeTree() ORDER BY (k, hour) AS SELECT toStartOfHour(hour) AS hour, k, sum(v) AS total, count() AS n FROM src GROUP BY hour, k;
INSERT INTO src VALUES ('2026-11-20 10:05:00', 'a', 0.1), ('2026-11-20 10:15:00', 'a', 0.2), ('2026-11-20 11:00:00', 'b', 1);
INSERT INTO src VALUES ('2026-11-20 10:45:00', 'a', 0.3);
SELECT hour, k, sum(total), sum(n) FROM sv GROUP BY hour, k ORDER BY hour, k;
OPTIMIZE TABLE sv FINAL;
SELECT * FROM sv ORDER BY k, hour;
