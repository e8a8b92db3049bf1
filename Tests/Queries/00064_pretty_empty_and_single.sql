CREATE TABLE pe (k UInt32, s String) ENGINE = MergeTree() ORDER BY k;
SELECT * FROM pe FORMAT PrettyCompact;
INSERT INTO pe VALUES (7, 'seven');
SELECT * FROM pe FORMAT PrettyCompact;
SELECT k AS `a long column name`, s FROM pe FORMAT PrettyCompact;
