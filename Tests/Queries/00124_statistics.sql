-- ClickHouse's simple statistics (varPop, varSamp, stddevPop, stddevSamp, skewPop, skewSamp,
-- kurtPop, kurtSamp, covarPop, covarSamp, corr): power sums in the result type (Float32 for
-- Float32 input), ClickHouse's formulas over them, NaN where they divide by zero. Without GROUP
-- BY a block is added as ClickHouse adds it (16 running sums in Float64, 32 in Float32): the
-- last bits of these, and of sum and avg of floats, are ClickHouse's.
SELECT varPop(number), varSamp(number), stddevPop(number), stddevSamp(number) FROM numbers(10);
SELECT skewPop(number), skewSamp(number), kurtPop(number), kurtSamp(number) FROM numbers(10);
SELECT covarPop(number, number * 2), covarSamp(number, number * 2), corr(number, number * 2) FROM numbers(10);
SELECT varPop(x), varSamp(x), stddevPop(x), skewPop(x), kurtSamp(x) FROM (SELECT number * 1.1 + 0.3 AS x FROM numbers(1000));
SELECT varPop(x), varSamp(x), stddevSamp(x), skewSamp(x), kurtPop(x), toTypeName(varPop(x)) FROM (SELECT toFloat32(number * 1.1 + 0.3) AS x FROM numbers(1000));
SELECT covarPop(x, y), covarSamp(x, y), corr(x, y) FROM (SELECT number * 1.1 + 0.3 AS x, 1 / (number + 1) AS y FROM numbers(1000));
SELECT covarPop(x, y), corr(x, y), toTypeName(corr(x, y)), toTypeName(corr(x, toFloat64(y))) FROM (SELECT toFloat32(number * 1.1 + 0.3) AS x, toFloat32(1 / (number + 1)) AS y FROM numbers(100));
SELECT number % 3 AS k, varPop(number * 0.5), varSamp(number * 0.7), kurtPop(number * 0.7), covarSamp(number * 0.7, number * 0.3), corr(number * 0.7, number % 7) FROM numbers(1000) GROUP BY k ORDER BY k;
SELECT varPop(number), varSamp(number), skewPop(number), kurtSamp(number), covarPop(number, number), covarSamp(number, number), corr(number, number) FROM numbers(1);
SELECT varPop(number), varSamp(number), skewPop(number), kurtSamp(number), covarPop(number, number), covarSamp(number, number), corr(number, number) FROM numbers(0);
SELECT varPop(1e9 + number), varSamp(1e9 + number) FROM numbers(4);
SELECT varPopIf(number, number > 2), stddevSampIf(number * 1.5, number % 2 = 0) FROM numbers(100);
-- States: the power sums, raw, in the result type.
SELECT varPopMerge(s), varSampMerge(t), skewPopMerge(u), kurtSampMerge(v) FROM (SELECT varPopState(number * 0.5) AS s, varSampState(number) AS t, skewPopState(number) AS u, kurtSampState(toFloat32(number)) AS v FROM numbers(100));
SELECT hex(varPopState(number)), hex(skewSampState(toFloat32(number))), toTypeName(kurtPopState(toFloat32(number))) FROM numbers(7);
CREATE TABLE moments (k UInt8, v AggregateFunction(varSamp, Float64)) ENGINE = AggregatingMergeTree ORDER BY k;
INSERT INTO moments SELECT number % 2, varSampState(number * 0.25) FROM numbers(50) GROUP BY number % 2;
INSERT INTO moments SELECT number % 2, varSampState(number * 0.25) FROM numbers(30, 20) GROUP BY number % 2;
SELECT k, varSampMerge(v) FROM moments GROUP BY k ORDER BY k;
-- The SQL-standard names, in any case.
SELECT VAR_POP(number), STDDEV_SAMP(number), COVAR_POP(number, number), var_samp(number), Stddev_Pop(number), COVAR_SAMP(number, number), STDDEV(number), STD(number), CORR(number, number) FROM numbers(5);
-- sum and avg of floats without GROUP BY: ClickHouse's order of additions.
SELECT sum(x), avg(x) FROM (SELECT number * 0.1 + 0.37 AS x FROM numbers(1000));
SELECT sum(toFloat32(x)), avg(toFloat32(x)) FROM (SELECT number * 0.1 + 0.37 AS x FROM numbers(1000));
SELECT sum(x), avg(x) FROM (SELECT 1 / (number + 1) AS x FROM numbers(1000));
SELECT varPop('a'); -- { serverError 43 }
SELECT varPop(toDateTime(1)); -- { serverError 43 }
SELECT varPop(number, number) FROM numbers(3); -- { serverError 42 }
SELECT corr(number) FROM numbers(3); -- { serverError 42 }
SELECT covarPop(number, 'a') FROM numbers(3); -- { serverError 43 }
