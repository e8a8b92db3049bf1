CREATE TABLE f (k UInt8, a Float32, b Float64) ENGINE = MergeTree() ORDER BY k;
INSERT INTO f VALUES (1, 0.1, 0.1), (2, 45.5, 45.5), (3, 0.192, 0.192), (4, 123456789, 123456789), (5, 16777217, 16777217), (6, 1e-7, 1e-7), (7, 3.4028235e38, 1e21), (8, -0.5, 1000000000000000.2);
SELECT a, b FROM f ORDER BY k;
SELECT a + 0, a * 2 FROM f ORDER BY k;
SELECT sum(a), avg(a), max(a), min(b) FROM f;
