-- Quantile levels outside [0, 1] are ClickHouse's error 12, for every quantile function.
SELECT quantile(2)(1); -- { serverError 12 }
SELECT quantileExact(-1)(1); -- { serverError 12 }
SELECT quantiles(0.5, 1.5)(1); -- { serverError 12 }
SELECT quantileExact(-1e308)(1); -- { serverError 12 }
SELECT quantile(0)(1), quantile(1)(2), quantileExact(0)(3), quantiles(0, 1)(4);
