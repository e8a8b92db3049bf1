-- quantileDeterministic / quantilesDeterministic / medianDeterministic: ClickHouse's deterministic
-- reservoir (8192 samples kept by a hash of the determinator, thinned as it fills), interpolated
-- as quantile is; the determinator must be an unsigned integer.
SELECT quantileDeterministic(0.5)(number, number), quantileDeterministic(0.9)(toFloat32(number), number), medianDeterministic(number * 1.5, number) FROM numbers(10);
SELECT quantilesDeterministic(0.5)(x, x) FROM (SELECT number AS x FROM system.numbers LIMIT 1001);
SELECT quantilesDeterministic(0, 0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, 1)(x, x) FROM (SELECT number AS x FROM system.numbers LIMIT 1001);
SELECT medianDeterministic(number, number), quantilesDeterministic(0.1, 0.9)(number, number) FROM numbers(100000);
SELECT round(1000000 / (number + 1)) AS k, count() AS c, arrayMap(x -> round(x, 6), quantilesDeterministic(0.1, 0.5, 0.9)(number, intHash64(number))) AS q1 FROM (SELECT number FROM system.numbers LIMIT 1000000) GROUP BY k ORDER BY k LIMIT 8;
SELECT quantileDeterministic(0.5)(number, number % 7) FROM numbers(50000);
SELECT quantileDeterministic(0.5)(x, 1) FROM (SELECT number AS x FROM numbers(0));
SELECT toTypeName(quantileDeterministic(0.5)(number, number)), toTypeName(quantilesDeterministic(0.5)(number, number)) FROM numbers(1);
SELECT quantileDeterministic(0.5)(number, toInt16(number)) FROM numbers(10); -- { serverError 43 }
SELECT quantileDeterministic(0.5)(number) FROM numbers(10); -- { serverError 42 }
