-- A field named twice in input data — a JSONEachRow key, a WithNames header — is ClickHouse's
-- error 117; nothing of the insert is stored.
CREATE TABLE d (s String, n UInt32) ENGINE = MergeTree ORDER BY s;
INSERT INTO d FORMAT JSONEachRow
{"s":"a","n":1}
{"s":"a","s":"b","n":1}
; -- { serverError 117 }
INSERT INTO d FORMAT TSVWithNames
s	s	n
a	b	1
; -- { serverError 117 }
INSERT INTO d FORMAT CSVWithNames
s,n,n
a,1,2
; -- { serverError 117 }
INSERT INTO d FORMAT TSVWithNames
n	s
2	ok
;
SELECT * FROM d;
