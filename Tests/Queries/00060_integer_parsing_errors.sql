CREATE TABLE ip (k UInt32, n UInt32, f Float64) ENGINE = MergeTree() ORDER BY k;
INSERT INTO ip FORMAT TSV
1	-5	0
; -- { serverError 27 }
INSERT INTO ip FORMAT TSV
1	abc	0
; -- { serverError 27 }
INSERT INTO ip FORMAT TSV
1	1.5	0
; -- { serverError 27 }
INSERT INTO ip FORMAT TSV
1	0	abc
; -- { serverError 72 }
INSERT INTO ip FORMAT TSV
1	0	
; -- { serverError 72 }
INSERT INTO ip FORMAT TSV
2		2.5
;
INSERT INTO ip FORMAT CSV
3,,
;
SELECT * FROM ip ORDER BY k;
