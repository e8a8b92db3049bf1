CREATE TABLE ds (ts DateTime, u UUID, s String, f Float64, n UInt8) ENGINE = MergeTree() ORDER BY ts;
INSERT INTO ds (s) VALUES ('only s');
INSERT INTO ds (n, s) VALUES (7, 'n and s');
SELECT * FROM ds ORDER BY s;
INSERT INTO ds FORMAT JSONEachRow
{"s":"json"}
;
SELECT * FROM ds ORDER BY s FORMAT JSONEachRow;
