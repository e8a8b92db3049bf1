CREATE TABLE je (k UInt32, s String) ENGINE = MergeTree() ORDER BY k;
INSERT INTO je FORMAT JSONEachRow
{"k":1,"s":"caf\u00e9"}
{"k":2,"s":"a\/b\\c\"d"}
{"k":3,"s":"tab\there\nnewline"}
{"s":"no k"}
;
SELECT k, s FROM je ORDER BY k, s;
SELECT k, s FROM je ORDER BY k, s FORMAT JSONEachRow;
