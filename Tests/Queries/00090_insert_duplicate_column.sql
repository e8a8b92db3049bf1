-- A column named twice in an INSERT's list is ClickHouse's error 15, in every format (found by
-- libFuzzer: it used to stop the process).
CREATE TABLE d (s String, id UUID) ENGINE = MergeTree ORDER BY s;
INSERT INTO d (s, id, s) VALUES ('a', '123e4567-e89b-12d3-a456-426614148000', 'x'); -- { serverError 15 }
INSERT INTO d (s, s) FORMAT TSV
a	b
; -- { serverError 15 }
INSERT INTO d (id, s) VALUES ('123e4567-e89b-12d3-a456-426614148000', 'ok');
SELECT * FROM d;
