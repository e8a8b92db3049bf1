-- The numerically stable statistics (varSampStable, …, corrStable): ClickHouse's running mean and
-- sum of squared deviations per row (Welford), Chan's formula to merge states, inf for too few rows.
CREATE TABLE series(i UInt32, x_value Float64, y_value Float64) ENGINE = Memory;
INSERT INTO series(i, x_value, y_value) VALUES (1, 5.6,-4.4),(2, -9.6,3),(3, -1.3,-4),(4, 5.3,9.7),(5, 4.4,0.037),(6, -8.6,-7.8),(7, 5.1,9.3),(8, 7.9,-3.6),(9, -8.2,0.62),(10, -3,7.3);
SELECT varSampStable(x_value) FROM (SELECT x_value FROM series LIMIT 0);
SELECT varSampStable(x_value) FROM (SELECT x_value FROM series LIMIT 1);
SELECT round(abs(res1 - res2), 6) FROM (SELECT varSampStable(x_value) AS res1, (sum(x_value * x_value) - ((sum(x_value) * sum(x_value)) / count())) / (count() - 1) AS res2 FROM series);
SELECT stddevSampStable(x_value) FROM (SELECT x_value FROM series LIMIT 0);
SELECT stddevSampStable(x_value) FROM (SELECT x_value FROM series LIMIT 1);
SELECT varPopStable(x_value) FROM (SELECT x_value FROM series LIMIT 1);
SELECT covarSampStable(x_value, y_value) FROM (SELECT x_value, y_value FROM series LIMIT 1);
SELECT corrStable(x_value, y_value) FROM (SELECT x_value, y_value FROM series LIMIT 0);
SELECT round(abs(res1 - res2), 6) FROM (SELECT covarSampStable(x_value, y_value) AS res1, (sum(x_value * y_value) - sum(x_value) * sum(y_value) / count()) / (count() - 1) AS res2 FROM series);
SELECT varSampStable(x_value), varPopStable(x_value), stddevSampStable(x_value), stddevPopStable(x_value), covarSampStable(x_value, y_value), covarPopStable(x_value, y_value), corrStable(x_value, y_value) FROM series;
SELECT varSamp(x_value), varPop(x_value), stddevSamp(x_value), stddevPop(x_value), covarSamp(x_value, y_value), covarPop(x_value, y_value), corr(x_value, y_value) FROM series;
SELECT i % 3 AS k, varSampStable(x_value), corrStable(x_value, y_value) FROM series GROUP BY k ORDER BY k;
SELECT varSampStable(x), varPopStable(x), stddevSampStable(x), covarSampStable(x, y), corrStable(x, y), toTypeName(varPopStable(toFloat32(x))) FROM (SELECT number * 1.1 + 0.3 AS x, 1 / (number + 1) AS y FROM numbers(1000));
SELECT hex(varPopStableState(number)), toTypeName(varSampStableState(number)) FROM numbers(3);
SELECT varPopStable(toDateTime(number)), varSampStable(toDate(number)) FROM numbers(3);
CREATE TABLE st (k UInt8, v AggregateFunction(varSampStable, Float64)) ENGINE = AggregatingMergeTree ORDER BY k;
INSERT INTO st SELECT number % 2, varSampStableState(number * 0.25) FROM numbers(50) GROUP BY number % 2;
INSERT INTO st SELECT number % 2, varSampStableState(number * 0.25) FROM numbers(30, 20) GROUP BY number % 2;
SELECT k, varSampStableMerge(v) FROM st GROUP BY k ORDER BY k;
SELECT varPopStableMerge(s) FROM (SELECT varPopStableState(number * 0.37) AS s FROM numbers(20000) GROUP BY number % 2);
SELECT k, stddevSampStableMerge(v) FROM st GROUP BY k; -- { serverError 43 }
