CREATE TABLE cv (k UInt32, s String) ENGINE = MergeTree() ORDER BY k;
INSERT INTO cv VALUES (1, 'a'), (2, 'b'), (3, 'c');
SELECT count(), count(k), count(s) FROM cv;
SELECT count() * 2, count() + sum(k) FROM cv;
SELECT k, count() AS c FROM cv GROUP BY k HAVING c = 1 ORDER BY k DESC;
