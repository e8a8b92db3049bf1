CREATE TABLE q (g UInt8, x Float32) ENGINE = MergeTree() ORDER BY g;
INSERT INTO q VALUES (1, 1), (1, 2), (2, 1), (2, 2), (2, 3), (2, 4), (3, 10), (3, 20), (3, 20), (3, 20), (3, 30), (4, 0.1), (4, 0.2), (4, 0.3);
SELECT g, quantile(0.95)(x), quantile(0.99)(x), quantile(0.5)(x), quantiles(0.5, 0.95, 0.99)(x), quantileExact(0.95)(x) FROM q GROUP BY g ORDER BY g;
SELECT quantile(0)(x), quantile(1)(x), quantile(x) FROM q;
