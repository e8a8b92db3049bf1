CREATE TABLE ge (ts DateTime, svc String, lat Float32) ENGINE = MergeTree() ORDER BY ts;
INSERT INTO ge VALUES ('2026-11-20 10:05:00', 'a', 100), ('2026-11-20 10:55:00', 'a', 200), ('2026-11-20 11:05:00', 'a', 300), ('2026-11-20 11:15:00', 'b', 400), ('2026-11-21 00:00:00', 'b', 500);
SELECT toStartOfHour(ts) AS h, svc, count(), avg(lat), max(lat) FROM ge GROUP BY h, svc ORDER BY h, svc;
SELECT toStartOfDay(ts) AS d, quantile(0.5)(lat) FROM ge GROUP BY d ORDER BY d;
SELECT toYYYYMM(ts), count() FROM ge GROUP BY toYYYYMM(ts);
SELECT svc, max(ts), min(ts) FROM ge GROUP BY svc ORDER BY svc;
SELECT sum(ts) FROM ge; -- { serverError 43 }
