-- INTERVAL n MONTH / QUARTER / YEAR: calendar arithmetic on dates (a short month's end as its
-- last day), and as a table's TTL.
DROP TABLE IF EXISTS ttl_months;
CREATE TABLE ttl_months (t DateTime, v UInt8) ENGINE = MergeTree ORDER BY t TTL t + INTERVAL 1 MONTH;
INSERT INTO ttl_months VALUES (now() - INTERVAL 2 MONTH, 1), (now() - INTERVAL 20 DAY, 2), (now() + INTERVAL 1 YEAR, 3);
OPTIMIZE TABLE ttl_months FINAL;
SELECT v FROM ttl_months ORDER BY v;
SHOW CREATE TABLE ttl_months;
DROP TABLE IF EXISTS ttl_quarters;
CREATE TABLE ttl_quarters (t DateTime, v UInt8) ENGINE = MergeTree ORDER BY t TTL t + INTERVAL 2 QUARTER;
SHOW CREATE TABLE ttl_quarters;
SELECT toDate('2020-01-31') + INTERVAL 1 MONTH, toDateTime('2020-03-31 10:00:00') - INTERVAL 1 MONTH, INTERVAL 1 YEAR + toDate('2020-02-29'), toDate('2020-01-01') + INTERVAL 2 QUARTER;
DROP TABLE ttl_months;
DROP TABLE ttl_quarters;
