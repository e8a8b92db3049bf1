CREATE TABLE dates (ts DateTime, d Date, v Float64) ENGINE = MergeTree PARTITION BY toYYYYMM(ts) ORDER BY (d, ts);
INSERT INTO dates VALUES ('2026-11-20 10:00:00', '2026-11-20', 1.5), ('2026-11-21 23:59:59', '2026-11-21', 2), ('2026-10-31 00:00:00', '20261031', 3);
INSERT INTO dates FORMAT TSV
2026-11-22 08:00:00	2026-11-22	4
;
INSERT INTO dates FORMAT JSONEachRow
{"ts":"2026-11-23 09:00:00","d":"2026-11-23","v":5}
;
SELECT toDate(ts) AS day, count(), sum(v), min(ts) FROM dates GROUP BY day ORDER BY day;
SELECT d, d + 1, d - 1, toYYYYMM(d), toStartOfDay(d), toDate(ts) = d, d > '2026-11-01', d < ts FROM dates ORDER BY d FORMAT TSVWithNames;
SELECT * FROM dates ORDER BY d FORMAT JSONEachRow;
SELECT * FROM dates ORDER BY d FORMAT CSV;
SELECT toDate('2026-11-2'), toDate(20000), toDate(1790000000), toDate(toDate('2026-01-01')), toDate('2026-11-20 10:00:00');
SELECT d, count() FROM dates WHERE d BETWEEN '2026-11-01' AND '2026-11-21' GROUP BY d ORDER BY d DESC FORMAT PrettyCompact;
SELECT toDate(ts) AS day, sum(v) FROM dates WHERE toDate(ts) >= '2026-11-21' GROUP BY day HAVING sum(v) > 2 ORDER BY day DESC;
SELECT toDate('x'); -- { serverError 38 }
INSERT INTO dates VALUES ('2026-11-20 10:00:00', 'xx', 1); -- { serverError 38 }
SELECT count() FROM dates;
