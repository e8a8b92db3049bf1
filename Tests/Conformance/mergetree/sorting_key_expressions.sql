-- ORDER BY expressions (kept as hidden materialized columns, as the table's sort key), with
-- Summing collapse by them; intHash32/intHash64 as ClickHouse computes them.
DROP TABLE IF EXISTS ok;
CREATE TABLE ok (t DateTime, k String, v UInt32) ENGINE = SummingMergeTree ORDER BY (toStartOfHour(t), k);
INSERT INTO ok VALUES ('2020-01-01 10:05:00', 'a', 1), ('2020-01-01 10:55:00', 'a', 2), ('2020-01-01 09:00:00', 'b', 3), ('2020-01-01 11:00:00', 'a', 4);
SELECT * FROM ok ORDER BY t;
OPTIMIZE TABLE ok FINAL;
SELECT * FROM ok ORDER BY t;
SELECT * FROM ok FINAL ORDER BY t;
DESCRIBE TABLE ok;
SHOW CREATE TABLE ok;
SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'ok';
INSERT INTO ok (k, t, v) VALUES ('c', '2020-01-01 12:00:00', 5);
SELECT k, v FROM ok ORDER BY k;
DROP TABLE IF EXISTS ok2;
CREATE TABLE ok2 (x Int32, y String) ENGINE = MergeTree ORDER BY (-x, y);
INSERT INTO ok2 VALUES (1, 'a'), (3, 'b'), (2, 'c');
SELECT * FROM ok2;
SELECT x FROM ok2 ORDER BY x;
SELECT intHash32(number), intHash64(number), intHash32(toInt8(-1)), intHash64(toInt32(-5)), intHash32(toDate('2020-01-01')) FROM numbers(3);
DROP TABLE IF EXISTS ok3;
CREATE TABLE ok3 (c UInt32, d Date, u UInt64) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY (c, d, intHash32(u)) SAMPLE BY intHash32(u);
INSERT INTO ok3 SELECT number % 3, toDate('2020-01-01') + number % 40, number FROM numbers(100);
SELECT c, d, u FROM ok3 LIMIT 10;
SELECT count(), sum(u) FROM ok3;
DROP TABLE ok;
DROP TABLE ok2;
DROP TABLE ok3;
