CREATE TABLE ac (a UInt32, b UInt32, f Float32) ENGINE = MergeTree() ORDER BY a;
INSERT INTO ac VALUES (10, 3, 0.1), (3, 10, 0.25);
SELECT a + b, a - b, a * b, a / b, a % b FROM ac ORDER BY a;
SELECT f + f, f * 3, f / 2, -f FROM ac ORDER BY a;
SELECT sum(a - b), sum(f * 2) FROM ac;
