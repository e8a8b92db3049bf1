-- WHERE conjuncts the scan decides (column op constant, constants folded first) and those it
-- leaves to the expression (floats, where NaN compares unequal to itself; non-constant terms).
CREATE TABLE w (k UInt32, t DateTime, x Float64, s String, u UUID) ENGINE = MergeTree PARTITION BY toYYYYMM(t) ORDER BY (k, s, t) SETTINGS index_granularity = 2;
INSERT INTO w VALUES (1, '2026-10-31 23:00:00', nan, 'a', '00000000-0000-0000-0000-000000000001'), (1, '2026-11-20 10:00:00', 0.5, 'b', '00000000-0000-0000-0000-000000000002'), (1, '2026-11-20 11:00:00', -0.0, 'b', '00000000-0000-0000-0000-000000000003'), (2, '2026-11-21 00:00:00', 3, 'c', '00000000-0000-0000-0000-000000000001'), (2, '2026-11-21 01:00:00', inf, 'd', '00000000-0000-0000-0000-000000000002'), (3, '2026-11-22 00:00:00', 7, 'd', '10000000-0000-0000-0000-000000000000');
SELECT k, t FROM w WHERE t >= toDateTime('2026-11-20 00:00:00') + 3600 * 10 AND k = 1 ORDER BY t;
SELECT k, s, t FROM w WHERE t < toDateTime('2026-11-21 00:00:00') - INTERVAL 1 HOUR AND t > '2026-10-01 00:00:00' ORDER BY k, s, t;
SELECT count() FROM w WHERE x = nan;
SELECT count() FROM w WHERE x != nan;
SELECT count() FROM w WHERE x < 1 AND k >= 1;
SELECT count() FROM w WHERE x = 0;
SELECT k, s FROM w WHERE s >= 'b' AND s < 'd' ORDER BY k, s;
SELECT k, u FROM w WHERE u = '00000000-0000-0000-0000-000000000001' AND t < now() - INTERVAL 1 DAY ORDER BY k;
SELECT k, u FROM w WHERE u > '00000000-0000-0000-0000-000000000002' ORDER BY k, u;
SELECT count() FROM w WHERE 1 = 1 AND k = 2;
SELECT count() FROM w WHERE k = 1 AND 1 / 0 > 1;
SELECT count() FROM w WHERE k = 1 AND 0 = 1;
SELECT count() FROM w WHERE k + 0 = 2 AND t >= '2026-11-21 00:00:00';
SELECT k, t FROM w WHERE k IN (1, 3) AND t BETWEEN '2026-11-20 10:30:00' AND toDateTime('2026-11-22 00:00:00') ORDER BY k, t;
