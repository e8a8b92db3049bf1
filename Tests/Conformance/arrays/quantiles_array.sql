SELECT quantiles(0.5, 0.9)(number) AS q, length(q) FROM numbers(10);
