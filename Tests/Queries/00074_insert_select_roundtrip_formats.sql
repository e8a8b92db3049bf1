CREATE TABLE rt (k UInt32, t DateTime, s String, f Float64) ENGINE = MergeTree() ORDER BY k;
INSERT INTO rt FORMAT JSONEachRow
{"k":1,"t":"2026-11-20 10:00:00","s":"a\tb","f":0.1}
{"k":2,"t":"2026-11-20 11:00:00","s":"q'uote","f":-2.5}
;
SELECT * FROM rt ORDER BY k FORMAT TSV;
SELECT * FROM rt ORDER BY k FORMAT CSV;
SELECT * FROM rt ORDER BY k FORMAT JSONEachRow;
SELECT * FROM rt ORDER BY k FORMAT TSVWithNames;
