-- Column comments (declared, COMMENT COLUMN, MODIFY COLUMN … COMMENT) in SHOW CREATE, DESCRIBE and
-- system.columns; SAMPLE BY kept and shown; codecs in DESCRIBE.
DROP TABLE IF EXISTS commented;
CREATE TABLE commented (id UInt64 COMMENT 'the key', v Float64 DEFAULT 0.5 COMMENT 'it''s a value' CODEC(ZSTD(3)), w String CODEC(LZ4) COMMENT 'after the codec', plain Int8) ENGINE = MergeTree ORDER BY intHash64(id) SAMPLE BY intHash64(id);
SHOW CREATE TABLE commented;
DESCRIBE TABLE commented;
SELECT name, comment FROM system.columns WHERE database = currentDatabase() AND table = 'commented' ORDER BY position FORMAT PrettyCompactNoEscapes;
ALTER TABLE commented COMMENT COLUMN id 'renamed comment', MODIFY COLUMN plain COMMENT 'now commented';
ALTER TABLE commented MODIFY COLUMN v Float32;
SHOW CREATE TABLE commented;
ALTER TABLE commented COMMENT COLUMN IF EXISTS nope 'x';
ALTER TABLE commented COMMENT COLUMN nope 'x'; -- { serverError 10 }
INSERT INTO commented (id, w, plain) VALUES (1, 'a', -1);
SELECT * FROM commented;
DROP TABLE commented;
