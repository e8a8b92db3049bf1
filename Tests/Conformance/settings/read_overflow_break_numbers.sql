-- system.numbers stops at the end of the block past max_rows_to_read when read_overflow_mode
-- is 'break'. (Here, not in Tests/Queries: the SQL fuzz test mutates those cases, and a mutant
-- that loses the SET reads system.numbers without end.)
SET max_block_size = 65409, max_rows_to_read = 1000, read_overflow_mode = 'break';
SELECT count(), max(number) FROM system.numbers;
SELECT number % 3 AS n, count() FROM system.numbers GROUP BY n, n ORDER BY n;
SET max_rows_to_read = 0, read_overflow_mode = 'throw';
