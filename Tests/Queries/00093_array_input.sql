-- Array(Float64) values in every input format, as ClickHouse reads them: spaces between
-- elements, a trailing comma, nan/inf, NULL as 0, 1e400 as inf; malformed arrays fail with
-- ClickHouse's codes (130, 72, 27) and store nothing.
CREATE TABLE a (id UInt32, v Array(Float64)) ENGINE = MergeTree ORDER BY id;
INSERT INTO a FORMAT TSV
1	[1,2.5,3]
2	[]
3	[ 4 , 5e2 ]
4	[1,2,]
5	[-1.5e-3,+2]
6	[nan,inf,-inf]
7	[1e400]
8	[.5,1.]
9	[NULL]
;
INSERT INTO a FORMAT CSV
10,"[0.25,-0.125]"
11,"[]"
;
INSERT INTO a FORMAT JSONEachRow
{"id":12,"v":[1,2.5]}
{"id":13,"v":[]}
{"id":14}
;
INSERT INTO a VALUES (15, [1, -2.5, 3]), (16, []);
INSERT INTO a FORMAT TSV
20	[1 2]
; -- { serverError 130 }
INSERT INTO a FORMAT TSV
21	1,2
; -- { serverError 130 }
INSERT INTO a FORMAT TSV
22	[1,,2]
; -- { serverError 72 }
INSERT INTO a FORMAT TSV
23	['1']
; -- { serverError 72 }
INSERT INTO a FORMAT TSV
24	[1,2
; -- { serverError 27 }
INSERT INTO a FORMAT TSV
25	[0x10]
; -- { serverError 130 }
SELECT * FROM a ORDER BY id;
SELECT * FROM a ORDER BY id FORMAT JSONEachRow;
SELECT id, v FROM a WHERE id >= 10 ORDER BY id FORMAT CSV;
SELECT count() FROM a;
