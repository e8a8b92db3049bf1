CREATE TABLE s (k UInt8, v String) ENGINE = MergeTree() ORDER BY k;
INSERT INTO s VALUES (1, 'tab\there'), (2, 'nl\nhere'), (3, 'back\\slash'), (4, 'quote''s "dq"'), (5, 'cr\rx'), (6, 'slash/x'), (7, 'é ü'), (8, '');
SELECT k, v FROM s ORDER BY k;
SELECT k, v FROM s ORDER BY k FORMAT CSV;
SELECT k, v FROM s ORDER BY k FORMAT JSONEachRow;
SELECT v FROM s ORDER BY v;
