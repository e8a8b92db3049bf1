CREATE TABLE j (ts DateTime, id UUID, name String, cost Float64, flag UInt8, n UInt32) ENGINE = MergeTree() ORDER BY ts;
INSERT INTO j FORMAT JSONEachRow
{"ts":"2026-11-20 10:05:00","id":"123e4567-e89b-12d3-a456-426614174000","name":"a","cost":0.5,"flag":1,"n":42}
{"ts":1795169100,"name":"unknown keys skipped","bogus":1}
{"ts":"2026-11-20 10:07:00","cost":"0.25","flag":true,"n":"7","name":null}
;
SELECT * FROM j ORDER BY ts FORMAT JSONEachRow;
