DROP TABLE IF EXISTS n;
CREATE TABLE n (a Int8, b Int16, c Int32, d UInt16) ENGINE = MergeTree ORDER BY c;
INSERT INTO n VALUES (-128, -1, 100, 65535), (127, 32767, -100, 0), (0, 5, 7, 9);
SELECT a * 2, b + 1, c - 200, d + 1, -a, abs(a), a / 2, intDiv(c, 3), c % 7 FROM n ORDER BY c;
SELECT toTypeName(a + 1), toTypeName(-a), toTypeName(abs(c)), toTypeName(sum(b)), toTypeName(avg(d)) FROM n GROUP BY a, b, c, d LIMIT 1;
SELECT greatest(a, c), least(b, d) FROM n ORDER BY c;
DROP TABLE n;
