DROP TABLE IF EXISTS names;
CREATE TABLE names (n String) ENGINE = MergeTree ORDER BY n;
INSERT INTO names VALUES ('bob'), ('Alice'), ('carol'), ('dave');
SELECT n, length(n), upper(n) FROM names ORDER BY n;
SELECT n FROM names WHERE n > 'b' ORDER BY n DESC;
SELECT count() FROM names WHERE startsWith(n, 'c') OR endsWith(n, 'e');
DROP TABLE names;
