CREATE TABLE fe (ts DateTime, id UUID, n UInt32) ENGINE = MergeTree() ORDER BY ts;
INSERT INTO fe FORMAT CSV
2026-11-20 10:00:00,123e4567-e89b-12d3-a456-426614174000,1,extra
; -- { serverError 117 }
INSERT INTO fe FORMAT CSV
2026-11-20 10:00:00,123e4567-e89b-12d3-a456-426614174000
; -- { serverError 27 }
INSERT INTO fe FORMAT TSV
2026-11-20 10:00:00	not-a-uuid	1
; -- { serverError 376 }
INSERT INTO fe FORMAT TSV
not a date	123e4567-e89b-12d3-a456-426614174000	1
; -- { serverError 41 }
INSERT INTO fe FORMAT JSONEachRow
{"ts":"2026-11-20 10:00:00","n":"abc"}
; -- { serverError 27 }
INSERT INTO fe FORMAT JSONEachRow
{"ts":"2026-11-20 10:00:00","n":1.5}
; -- { serverError 27 }
SELECT count() FROM fe;
