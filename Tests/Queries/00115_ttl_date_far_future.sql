-- A Date TTL on dates past DateTime's range (after 2106-02-07): those rows are kept, nothing overflows.
CREATE TABLE tf (d Date, v UInt8) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY d TTL d + INTERVAL 1 DAY;
INSERT INTO tf VALUES ('2149-06-06', 1), ('2120-01-01', 2), ('2020-01-01', 3);
OPTIMIZE TABLE tf FINAL;
SELECT d, v FROM tf ORDER BY d;
SELECT count() FROM tf WHERE d > '2100-01-01';
