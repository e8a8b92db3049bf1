-- A TTL over a Date column: a row expires once its date's midnight plus the interval has passed.
DROP TABLE IF EXISTS ttl_date;
CREATE TABLE ttl_date (d Date, v UInt8) ENGINE = MergeTree ORDER BY d TTL d + INTERVAL 3 DAY;
INSERT INTO ttl_date VALUES (today() - 10, 1), (today() - 4, 2), (today() - 2, 3), (today(), 4), (today() + 30, 5);
OPTIMIZE TABLE ttl_date FINAL;
SELECT v FROM ttl_date ORDER BY v;
SHOW CREATE TABLE ttl_date;
DROP TABLE IF EXISTS ttl_date_months;
CREATE TABLE ttl_date_months (d Date, v UInt8) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY v TTL d + INTERVAL 1 MONTH;
INSERT INTO ttl_date_months VALUES (today() - 70, 1), (today() - 40, 2), (today() - 10, 3);
OPTIMIZE TABLE ttl_date_months FINAL;
SELECT v FROM ttl_date_months ORDER BY v;
DROP TABLE ttl_date;
DROP TABLE ttl_date_months;
