SELECT quantile(1.5)(number) FROM numbers(3); -- { serverError 12 }
SELECT quantile(0.5)('a'); -- { serverError 43 }
SELECT quantile(0.5)(number) FROM numbers(0);
