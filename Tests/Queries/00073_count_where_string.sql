CREATE TABLE cw (s String) ENGINE = MergeTree() ORDER BY s;
INSERT INTO cw VALUES ('apple'), ('Apple'), ('banana'), (''), ('apple pie');
SELECT count() FROM cw WHERE s = 'apple';
SELECT s FROM cw WHERE s >= 'a' AND s < 'b' ORDER BY s;
SELECT s FROM cw WHERE s LIKE 'a%' ORDER BY s;
SELECT count() FROM cw WHERE s = '';
