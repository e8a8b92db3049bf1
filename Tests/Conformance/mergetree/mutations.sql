DROP TABLE IF EXISTS m;
CREATE TABLE m (k UInt32, v String, n Int64) ENGINE = MergeTree ORDER BY k;
INSERT INTO m VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30);
INSERT INTO m VALUES (4, 'd', 40), (5, 'e', 50);
ALTER TABLE m DELETE WHERE k % 2 = 0 SETTINGS mutations_sync = 2;
SELECT * FROM m ORDER BY k;
ALTER TABLE m UPDATE v = upper(v), n = n * -1 WHERE k > 2 SETTINGS mutations_sync = 2;
SELECT * FROM m ORDER BY k;
SET mutations_sync = 2;
DELETE FROM m WHERE v = 'a';
SELECT * FROM m ORDER BY k;
ALTER TABLE m UPDATE k = 1 WHERE 1; -- { serverError 420 }
SELECT count() FROM m;
OPTIMIZE TABLE m FINAL;
SELECT * FROM m ORDER BY k;
DROP TABLE m;
