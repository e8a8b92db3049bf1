CREATE TABLE et (k UInt32, u UUID, ts DateTime, s String, f Float32) ENGINE = MergeTree() ORDER BY k;
INSERT INTO et VALUES (1, '123e4567-e89b-12d3-a456-426614174000', '2026-11-20 10:00:00', 'x', 1.5);
SELECT count() FROM et WHERE u = 'abc'; -- { serverError 376 }
SELECT count() FROM et WHERE ts >= 'garbage'; -- { serverError 41 }
SELECT count() FROM et WHERE s = 1; -- { serverError 386 }
SELECT count() FROM et WHERE u = 5; -- { serverError 43 }
SELECT sum(s) FROM et; -- { serverError 43 }
SELECT avgMerge(f) FROM et; -- { serverError 43 }
SELECT k, count() FROM et; -- { serverError 215 }
SELECT count() FROM et WHERE u = '123e4567-e89b-12d3-a456-426614174000';
