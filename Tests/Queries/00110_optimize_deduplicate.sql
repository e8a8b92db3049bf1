-- OPTIMIZE … DEDUPLICATE: a merge keeps the first of rows equal in every column (or in the
-- BY columns, which must include the sorting and partition keys); without FINAL a lone part
-- is not merged, so nothing is removed.
CREATE TABLE dd (k UInt8, v String, w UInt8) ENGINE = MergeTree ORDER BY k;
INSERT INTO dd VALUES (1, 'a', 1), (1, 'a', 1), (1, 'b', 1), (2, 'a', 1);
OPTIMIZE TABLE dd DEDUPLICATE;
SELECT * FROM dd ORDER BY ALL;
OPTIMIZE TABLE dd FINAL DEDUPLICATE;
SELECT * FROM dd ORDER BY ALL;
INSERT INTO dd VALUES (1, 'a', 1), (2, 'a', 2);
OPTIMIZE TABLE dd FINAL DEDUPLICATE BY k, v;
SELECT * FROM dd ORDER BY ALL;
INSERT INTO dd VALUES (1, 'a', 5), (3, 'z', 1);
OPTIMIZE TABLE dd FINAL DEDUPLICATE BY * EXCEPT w;
SELECT * FROM dd ORDER BY ALL;
INSERT INTO dd VALUES (3, 'z', 9), (4, 'q', 1);
OPTIMIZE TABLE dd FINAL DEDUPLICATE BY * EXCEPT (w);
SELECT * FROM dd ORDER BY ALL;
OPTIMIZE TABLE dd FINAL DEDUPLICATE BY v; -- { serverError 8 }
OPTIMIZE TABLE dd FINAL DEDUPLICATE BY nope; -- { serverError 16 }
CREATE TABLE ddp (d Date, k UInt8, v UInt8) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY k;
INSERT INTO ddp VALUES ('2026-01-01', 1, 1), ('2026-02-01', 1, 1);
INSERT INTO ddp VALUES ('2026-01-01', 1, 1), ('2026-02-01', 1, 2);
OPTIMIZE TABLE ddp FINAL DEDUPLICATE;
SELECT * FROM ddp ORDER BY ALL;
OPTIMIZE TABLE ddp FINAL DEDUPLICATE BY k, v; -- { serverError 8 }
