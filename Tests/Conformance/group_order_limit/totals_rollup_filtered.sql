-- The totals and the ROLLUP/CUBE rows see the rows WHERE keeps, and a key's name in WHERE or
-- in an aggregate's argument is still its column, not the default the totals row prints.
CREATE TABLE t (region String, v UInt32, d Date) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY (region, d);
INSERT INTO t SELECT if(number % 2 = 0, 'eu-1', 'us-1'), number, toDate('2026-01-01') + number % 90 FROM numbers(100);
SELECT region, count(), sum(v) FROM t WHERE region = 'eu-1' GROUP BY region WITH TOTALS;
SELECT region AS r, sum(length(region)) FROM t GROUP BY region WITH TOTALS ORDER BY r;
SELECT region, count() FROM t WHERE region = 'eu-1' GROUP BY ROLLUP(region) ORDER BY region;
SELECT region, toYYYYMM(d) AS m, count() FROM t WHERE region = 'eu-1' GROUP BY CUBE(region, m) ORDER BY region, m;
