-- max_rows_to_read with read_overflow_mode 'throw' (the default): a read is refused before it
-- starts when the granules its index selects hold more rows (a trivial LIMIT's rows when
-- fewer); `count()` of a whole table reads nothing; an endless read fails at its first block.
CREATE TABLE mr (k UInt32, v Float64) ENGINE = MergeTree ORDER BY k SETTINGS index_granularity = 100;
INSERT INTO mr SELECT number, number FROM numbers(1000);
SELECT count() FROM mr SETTINGS max_rows_to_read = 10;
SELECT count(), 1 FROM mr SETTINGS max_rows_to_read = 10;
SELECT sum(v) FROM mr SETTINGS max_rows_to_read = 10; -- { serverError 158 }
SELECT sum(v) FROM mr SETTINGS max_rows_to_read = 1000;
SELECT sum(v) FROM mr WHERE k < 50 SETTINGS max_rows_to_read = 150;
SELECT sum(v) FROM mr WHERE k < 50 SETTINGS max_rows_to_read = 50; -- { serverError 158 }
-- A granule's range ends at the next one's first key, inclusive: 200 and 400 touch three.
SELECT sum(v) FROM mr WHERE k >= 200 AND k < 400 SETTINGS max_rows_to_read = 300;
SELECT sum(v) FROM mr WHERE k >= 200 AND k < 400 SETTINGS max_rows_to_read = 299; -- { serverError 158 }
SELECT sum(v) FROM mr WHERE k = 250 SETTINGS max_rows_to_read = 100;
SELECT sum(v) FROM mr WHERE k > 900 SETTINGS max_rows_to_read = 100;
SELECT sum(v) FROM mr WHERE k >= 900 SETTINGS max_rows_to_read = 100; -- { serverError 158 }
SELECT sum(v) FROM mr SETTINGS max_rows_to_read = 999, read_overflow_mode = 'break';
SELECT sum(number) FROM numbers(1000) SETTINGS max_rows_to_read = 999; -- { serverError 158 }
SELECT sum(number) FROM numbers(1000) SETTINGS max_rows_to_read = 1000;
SELECT count() FROM numbers(21) SETTINGS max_rows_to_read = 20; -- { serverError 158 }
SELECT sum(number) FROM system.numbers LIMIT 10 SETTINGS max_rows_to_read = 5; -- { serverError 158 }
SELECT number FROM numbers(30) LIMIT 21 SETTINGS max_rows_to_read = 20; -- { serverError 158 }
SELECT number FROM numbers(30) LIMIT 2 SETTINGS max_rows_to_read = 20;
SELECT k FROM mr LIMIT 2 SETTINGS max_rows_to_read = 100;
SELECT k FROM mr LIMIT 11 OFFSET 91 SETTINGS max_rows_to_read = 101; -- { serverError 158 }
SELECT k FROM mr WHERE k > 950 LIMIT 1 SETTINGS max_rows_to_read = 20; -- { serverError 158 }
SELECT k FROM mr WHERE k > 950 LIMIT 1 SETTINGS max_rows_to_read = 100;
-- Limits and LIMITs at the ends of their ranges.
SELECT number FROM system.numbers LIMIT 3 SETTINGS max_rows_to_read = 18446744073709551615, read_overflow_mode = 'break';
SELECT number FROM numbers(5) LIMIT 9223372036854775807 OFFSET 10 SETTINGS max_rows_to_read = 3; -- { serverError 158 }
SELECT number FROM numbers(5) LIMIT 9223372036854775807 OFFSET 9223372036854775807 SETTINGS max_rows_to_read = 30;
SELECT formatReadableQuantity(65409), formatReadableQuantity(-1500), formatReadableQuantity(1e40), formatReadableQuantity(2675), formatReadableQuantity(0);
SELECT formatReadableQuantity('a'); -- { serverError 43 }
DROP TABLE mr;
