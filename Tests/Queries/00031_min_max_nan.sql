CREATE TABLE mm (k UInt8, x Float64) ENGINE = MergeTree() ORDER BY k;
INSERT INTO mm VALUES (1, nan), (2, 1), (3, 3);
INSERT INTO mm VALUES (4, -inf);
SELECT max(x), min(x), sum(x), avg(x) FROM mm;
SELECT max(x), min(x) FROM mm WHERE k = 1;
SELECT max(x) FROM mm WHERE k IN (1, 2);
