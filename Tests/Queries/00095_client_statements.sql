-- What clients send at connect or routinely (clickhouse-connect, clickhouse-client, drivers).
SELECT version() LIKE '26.%', currentUser();
SELECT * FROM system.one;
SELECT dummy AS x, 'a' AS y FROM system.one FORMAT TSVWithNamesAndTypes;
CREATE TABLE c (k UInt32, t DateTime, u UUID) ENGINE = MergeTree() ORDER BY k;
DESCRIBE TABLE c FORMAT TSVWithNamesAndTypes;
DESC c FORMAT JSONEachRow;
EXISTS TABLE c;
EXISTS c;
EXISTS TABLE nope;
EXISTS DATABASE default;
EXISTS DATABASE nope;
EXISTS system.one FORMAT TSVWithNamesAndTypes;
SHOW DATABASES LIKE 'syst%';
SHOW TABLES FORMAT JSONEachRow;
SELECT name, value, changed, type, default FROM system.settings WHERE name IN ('max_block_size', 'readonly', 'load_balancing', 'totals_auto_threshold', 'max_execution_time', 'queue_max_wait_ms', 'max_threads', 'insert_quorum') AND name != 'max_threads' ORDER BY name;
SET log_queries = 0;
SELECT name, value, changed FROM system.settings WHERE name = 'log_queries';
SET max_block_size = 1000, readonly = 0;
SELECT name, value, changed FROM system.settings WHERE name IN ('max_block_size', 'readonly') ORDER BY name;
SELECT 1 SETTINGS max_block_size = 10;
SET no_such_setting = 1; -- { serverError 115 }
SELECT 1 SETTINGS no_such_setting = 1; -- { serverError 115 }
SET max_block_size = 0; -- { serverError 36 }
SET log_queries = 'maybe'; -- { serverError 467 }
SET max_execution_time = 'soon'; -- { serverError 72 }
SET max_rows_to_read = 'many'; -- { serverError 27 }
