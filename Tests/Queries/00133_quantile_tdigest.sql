-- quantileTDigest / quantilesTDigest / medianTDigest and their …Weighted forms: ClickHouse's t-digest
-- (Float32 centroids merged while under 4·ε·q(1−q)·n, compressed every 2048 additions and before
-- each answer), bit for bit at 100k rows; states stored in a table, merged.
SELECT quantileTDigest(0.5)(number), toTypeName(quantileTDigest(0.5)(number)), quantilesTDigest(0.1, 0.5, 0.9)(number), toTypeName(quantilesTDigest(0.5)(number)) FROM numbers(5);
SELECT hex(quantileTDigestState(0.5)(number)), toTypeName(quantileTDigestState(0.5)(number)) FROM numbers(5);
SELECT quantilesTDigest(0.5)(x) FROM (SELECT number AS x FROM system.numbers LIMIT 1001);
SELECT quantilesTDigest(0, 0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 0.999, 1)(x) FROM (SELECT number AS x FROM system.numbers LIMIT 1001);
SELECT quantileTDigest(0.99)(number), medianTDigest(number * 1.37), quantilesTDigest(0.9, 0.1, 0.5)(toFloat32(number) / 3) FROM numbers(100000);
SELECT number % 7 AS k, quantileTDigest(0.9)(number), quantilesTDigest(0.25, 0.75)(sqrt(number)) FROM numbers(50000) GROUP BY k ORDER BY k;
SELECT quantileTDigestWeighted(0.5)(number, number % 3), quantilesTDigestWeighted(0.1, 0.9)(number, 2), medianTDigestWeighted(number, 1) FROM numbers(3000);
SELECT quantileTDigest(0.5)(x), quantilesTDigest(0.5, 0.9)(x), quantileTDigestWeighted(0.5)(x, 1) FROM (SELECT number AS x FROM numbers(0));
CREATE TABLE digests (k UInt8, s AggregateFunction(quantileTDigest(0.5), UInt64)) ENGINE = AggregatingMergeTree ORDER BY k;
INSERT INTO digests SELECT number % 4, quantileTDigestState(0.5)(number * 3) FROM numbers(10000) GROUP BY number % 4;
SELECT quantileTDigestMerge(0.5)(s), quantileTDigestMerge(0.9)(s), quantilesTDigestMerge(0.1, 0.5)(s) FROM (SELECT s FROM digests ORDER BY k);
SELECT k, quantileTDigestMerge(0.5)(s) FROM digests WHERE k < 2 GROUP BY k ORDER BY k;
SELECT hex(quantileTDigestState(0.5)(number * 3)) FROM numbers(100);
SELECT quantileTDigest(0.5)(x) FROM (SELECT arrayJoin([-0., 0., 1., -1., inf, -inf, nan, 2.]) AS x);
SELECT quantileTDigest(0.5)(x), quantileTDigest(0.01)(x), quantileTDigest(0.99)(x) FROM (SELECT if(number % 2 = 0, inf, -inf) AS x FROM numbers(100));
SELECT quantileTDigest(0.5)('a'); -- { serverError 43 }
SELECT quantileTDigestWeighted(0.5)(number, toInt8(1)) FROM numbers(3); -- { serverError 43 }
