DROP TABLE IF EXISTS big;
DROP TABLE IF EXISTS base;
CREATE TABLE base (k UInt32, v Float64) ENGINE = MergeTree ORDER BY k;
INSERT INTO base VALUES (1, 1.5), (2, 2.5), (3, 3.5);
CREATE VIEW big AS SELECT k, v * 2 AS doubled FROM base WHERE k > 1;
SELECT * FROM big ORDER BY k;
INSERT INTO base VALUES (4, 10);
SELECT sum(doubled), count() FROM big;
SELECT b.k, doubled, v FROM big AS b JOIN base USING k ORDER BY b.k;
EXISTS TABLE big;
SHOW TABLES LIKE 'b%';
CREATE VIEW big AS SELECT 1; -- { serverError 57 }
CREATE VIEW IF NOT EXISTS big AS SELECT 1;
DROP VIEW big;
EXISTS TABLE big;
SELECT * FROM big; -- { serverError 60 }
CREATE VIEW v2 AS SELECT number * 2 AS n FROM numbers(3);
DESCRIBE TABLE v2;
SELECT * FROM v2;
DROP VIEW v2;
DROP TABLE base;
