-- Insert deduplication of a plain MergeTree (non_replicated_deduplication_window), as forwarding
-- relies on: a repeated token or block is dropped per partition, the window is FIFO per table,
-- DROP PARTITION forgets, a table without a window ignores tokens.
CREATE TABLE d (ts DateTime, k String, v Float64) ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (k, ts) SETTINGS non_replicated_deduplication_window = 3;
CREATE TABLE n (ts DateTime, k String, v Float64) ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY (k, ts);
SHOW CREATE TABLE d;
INSERT INTO d VALUES ('2026-11-01 00:00:00', 'a', 1), ('2026-11-02 00:00:00', 'b', 2);
INSERT INTO d VALUES ('2026-11-01 00:00:00', 'a', 1), ('2026-11-02 00:00:00', 'b', 2);
SELECT count() FROM d;
INSERT INTO d VALUES ('2026-11-02 00:00:00', 'b', 2), ('2026-11-01 00:00:00', 'a', 1);
SELECT count() FROM d;
SET insert_deduplication_token = 'tok-1';
INSERT INTO d VALUES ('2026-11-03 00:00:00', 'c', 3);
INSERT INTO d VALUES ('2026-11-03 00:00:00', 'c', 3);
INSERT INTO d VALUES ('2026-11-04 00:00:00', 'other', 4);
SELECT count() FROM d;
-- The same token in another partition is another block.
INSERT INTO d VALUES ('2026-12-04 00:00:00', 'december', 5);
SELECT k FROM d ORDER BY k;
-- A token spans an insert's partitions: a retry of an insert stored in part stores the rest.
SET insert_deduplication_token = 'tok-2';
INSERT INTO d VALUES ('2026-12-05 00:00:00', 'dec', 6);
INSERT INTO d VALUES ('2026-10-05 00:00:00', 'oct', 7), ('2026-12-05 00:00:00', 'dec', 6);
SELECT toYYYYMM(ts) AS m, count() FROM d GROUP BY m ORDER BY m;
-- The window holds the last 3 ids of the table (FIFO): tok-1 in November has been pushed out.
SET insert_deduplication_token = 'tok-1';
INSERT INTO d VALUES ('2026-11-03 00:00:00', 'c', 3);
SELECT count() FROM d WHERE k = 'c';
SET insert_deduplication_token = 'tok-2';
INSERT INTO d VALUES ('2026-12-05 00:00:00', 'dec', 6);
SELECT count() FROM d WHERE k = 'dec';
-- DROP PARTITION forgets the ids of the partition.
ALTER TABLE d DROP PARTITION 202610;
INSERT INTO d VALUES ('2026-10-05 00:00:00', 'oct', 7);
SELECT count() FROM d WHERE k = 'oct';
-- Without a window a token changes nothing.
INSERT INTO n VALUES ('2026-11-01 00:00:00', 'a', 1);
INSERT INTO n VALUES ('2026-11-01 00:00:00', 'a', 1);
SELECT count() FROM n;
SET insert_deduplication_token = '';
-- Merges keep the ids.
OPTIMIZE TABLE d FINAL;
SET insert_deduplication_token = 'tok-2';
INSERT INTO d VALUES ('2026-12-05 00:00:00', 'dec', 6);
SELECT count() FROM d WHERE k = 'dec';
SELECT count() FROM d;
