SET max_threads = 1;
SET max_block_size = 1000, optimize_read_in_order = 0;
SELECT value, changed FROM system.settings WHERE name = 'max_block_size';
SELECT number FROM numbers(3) SETTINGS max_threads = 2;
SET allow_experimental_analyzer = 1;
SELECT 1;
