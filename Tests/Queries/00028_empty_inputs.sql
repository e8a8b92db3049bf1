CREATE TABLE em (k UInt32, x Float32, s String) ENGINE = MergeTree() ORDER BY k;
SELECT count(), sum(k), avg(x), max(x), min(k), quantile(0.5)(x), quantiles(0.5, 0.9)(x) FROM em;
SELECT k, count() FROM em GROUP BY k;
SELECT * FROM em;
SELECT * FROM em FORMAT JSONEachRow;
SELECT * FROM em FORMAT TSVWithNames;
SELECT count() FROM em WHERE k > 1;
