-- A Set table is the right side of IN; `x IN t` reads any table's rows as a set.
CREATE TABLE allowed (id UInt64) ENGINE = Set;
INSERT INTO allowed VALUES (2), (4), (9);
SELECT number FROM numbers(10) WHERE number IN allowed;
SELECT count() FROM numbers(10) WHERE number NOT IN allowed;
CREATE TABLE names (n String) ENGINE = MergeTree ORDER BY n;
INSERT INTO names VALUES ('b'), ('c');
SELECT s FROM values('s String', 'a', 'b', 'c', 'd') WHERE s IN names ORDER BY s;
SELECT toString(number) AS s FROM numbers(5) WHERE s IN default.names OR s IN `names`;
TRUNCATE TABLE allowed;
SELECT count() FROM numbers(10) WHERE number IN allowed;
