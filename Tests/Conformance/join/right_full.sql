-- RIGHT and FULL [OUTER] joins (ALL): unmatched right rows after the rest, the left columns'
-- defaults (a USING key takes the right's value).
DROP TABLE IF EXISTS l;
DROP TABLE IF EXISTS r;
CREATE TABLE l (k UInt8, a String) ENGINE = Memory;
CREATE TABLE r (k UInt8, b String) ENGINE = Memory;
INSERT INTO l VALUES (1, 'l1'), (2, 'l2'), (2, 'l2b'), (4, 'l4');
INSERT INTO r VALUES (2, 'r2'), (3, 'r3'), (5, 'r5'), (2, 'r2b');
SELECT * FROM l RIGHT JOIN r ON l.k = r.k ORDER BY r.k, a, b;
SELECT * FROM l FULL JOIN r ON l.k = r.k ORDER BY l.k, r.k, a, b;
SELECT * FROM l RIGHT JOIN r USING (k) ORDER BY k, a, b;
SELECT * FROM l FULL OUTER JOIN r USING (k) ORDER BY k, a, b;
SELECT k, a, b FROM l AS x RIGHT OUTER JOIN r AS y ON x.k = y.k ORDER BY y.k, a, b FORMAT TSVWithNames;
SELECT count() FROM l ALL FULL JOIN r ON l.k = r.k;
DROP TABLE l;
DROP TABLE r;
