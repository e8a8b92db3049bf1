CREATE TABLE ho (g String, v UInt32) ENGINE = MergeTree() ORDER BY g;
INSERT INTO ho VALUES ('a', 1), ('a', 2), ('b', 10), ('c', 3), ('c', 4), ('c', 5);
SELECT g, count() FROM ho GROUP BY g HAVING count() > 1 ORDER BY count() DESC;
SELECT g FROM ho GROUP BY g HAVING sum(v) BETWEEN 3 AND 10 ORDER BY g;
SELECT g, max(v) - min(v) AS spread FROM ho GROUP BY g ORDER BY spread DESC, g;
