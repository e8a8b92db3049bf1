SELECT * FROM nope; -- { serverError 60 }
CREATE TABLE e (k UInt32) ENGINE = MergeTree() ORDER BY k;
SELECT nope FROM e; -- { serverError 47 }
SELECT k FROM e WHERE nope = 1; -- { serverError 47 }
SELECT nofunc(1); -- { serverError 46 }
SELEC 1; -- { serverError 62 }
SELECT 1 +; -- { serverError 62 }
SELECT 1 - ?2; -- { serverError 62 }
SELECT - - (1, ?; -- { serverError 62 }
CREATE TABLE e (k UInt32) ENGINE = MergeTree() ORDER BY k; -- { serverError 57 }
CREATE TABLE IF NOT EXISTS e (k UInt32) ENGINE = MergeTree() ORDER BY k;
USE nodb; -- { serverError 81 }
INSERT INTO e (k, nope) VALUES (1, 2); -- { serverError 16 }
SELECT count() FROM e;
