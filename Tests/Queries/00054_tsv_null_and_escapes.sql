CREATE TABLE tn (k UInt32, s String, f Float64) ENGINE = MergeTree() ORDER BY k;
INSERT INTO tn FORMAT TSV
1	\N	\N
2	back\\slash	2.5
3	a\tb	-0
;
SELECT * FROM tn ORDER BY k;
SELECT * FROM tn ORDER BY k FORMAT JSONEachRow;
