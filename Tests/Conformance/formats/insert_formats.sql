DROP TABLE IF EXISTS f;
CREATE TABLE f (a UInt32, b String) ENGINE = MergeTree ORDER BY a;
INSERT INTO f FORMAT JSONEachRow {"a": 1, "b": "x"} {"a": 2, "b": "y"};
INSERT INTO f VALUES (3, 'z');
SELECT * FROM f ORDER BY a;
DROP TABLE f;
