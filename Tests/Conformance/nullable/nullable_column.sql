DROP TABLE IF EXISTS n;
CREATE TABLE n (a Nullable(UInt32)) ENGINE = MergeTree ORDER BY tuple();
INSERT INTO n VALUES (1), (NULL), (3);
SELECT a, isNull(a) FROM n ORDER BY a;
SELECT count(a), count() FROM n;
DROP TABLE n;
