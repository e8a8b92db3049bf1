CREATE TABLE ie (ts DateTime, id UUID, n UInt32) ENGINE = MergeTree() ORDER BY ts;
INSERT INTO ie VALUES ('2026-11-20 10:00:00', '123e4567-e89b-12d3-a456-426614174000', 5);
INSERT INTO ie VALUES ('2026-11-20 10:00:00', 'zzz', 5); -- { serverError 376 }
INSERT INTO ie (ts, n) VALUES ('2026-13-45 99:00:00', 1); -- { serverError 41 }
SELECT count(), sum(n) FROM ie;
