CREATE TABLE pc (k UInt32, s String, t DateTime, x Float64) ENGINE = MergeTree() ORDER BY k;
INSERT INTO pc VALUES (1, 'a', '2026-11-20 10:00:00', 1.5), (2, 'longer string', '2026-11-20 11:00:00', -2), (3, 'é', '2026-11-20 12:00:00', nan), (4, 'd', '2026-11-20 13:00:00', 123.25), (5, 'e', '2026-11-20 14:00:00', 0), (6, 'f', '2026-11-20 15:00:00', 6), (7, 'g', '2026-11-20 16:00:00', 7), (8, 'h', '2026-11-20 17:00:00', 8), (9, 'i', '2026-11-20 18:00:00', 9), (10, 'j', '2026-11-20 19:00:00', 10), (11, 'k', '2026-11-20 20:00:00', 11);
SELECT * FROM pc ORDER BY k FORMAT PrettyCompact;
SELECT count() AS n FROM pc FORMAT PrettyCompact;
