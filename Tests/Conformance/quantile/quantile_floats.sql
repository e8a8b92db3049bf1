DROP TABLE IF EXISTS q;
CREATE TABLE q (g UInt8, x Float64) ENGINE = MergeTree ORDER BY g;
INSERT INTO q SELECT number % 2, number * 1.5 FROM numbers(50);
SELECT g, quantile(0.5)(x), quantile(0.95)(x), quantileExact(0.95)(x) FROM q GROUP BY g ORDER BY g;
DROP TABLE q;
