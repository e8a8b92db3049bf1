SELECT quantile(0.5)(number), quantile(0.9)(number), quantile(0)(number), quantile(1)(number) FROM numbers(101);
SELECT quantiles(0.1, 0.5, 0.99)(number) FROM numbers(1000);
SELECT quantileExact(0.5)(number), quantileExact(0.25)(number) FROM numbers(10);
SELECT quantile(number) FROM numbers(4);
