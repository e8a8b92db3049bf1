CREATE TABLE qu (g UInt8, v UInt32, w UInt8, d Float64) ENGINE = MergeTree() ORDER BY g;
INSERT INTO qu VALUES (1, 1, 1, 0.1), (1, 2, 1, 0.2), (1, 3, 1, 0.7), (1, 4, 10, 10), (2, 10, 20, 20);
SELECT g, quantile(0.95)(v), quantile(0.95)(w), quantile(0.95)(d), quantileExact(0.5)(v), quantiles(0.25, 0.75)(d) FROM qu GROUP BY g ORDER BY g;
