CREATE TABLE ct (ts DateTime, v UInt32) ENGINE = MergeTree() PARTITION BY toYYYYMM(ts) ORDER BY ts;
INSERT INTO ct VALUES ('2026-11-20 10:00:00', 1), ('2026-10-20 10:00:00', 2);
INSERT INTO ct VALUES ('2026-11-21 10:00:00', 3);
CHECK TABLE ct SETTINGS max_threads = 1; -- ClickHouse checks parts in parallel: one thread fixes its row order
CHECK TABLE nope; -- { serverError 60 }
