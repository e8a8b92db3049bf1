-- max_rows_to_group_by and max_rows_in_distinct, checked after each block as ClickHouse checks:
-- past the limit a query fails (overflow mode 'throw', the default) or answers what it has
-- ('break'). An aggregate without GROUP BY keys forms no groups to count.
SELECT number % 100 AS k, count() FROM numbers(1000) GROUP BY k ORDER BY k LIMIT 3 SETTINGS max_rows_to_group_by = 10; -- { serverError 158 }
SELECT number % 100 AS k, count() FROM numbers(1000) GROUP BY k ORDER BY k LIMIT 3 SETTINGS max_rows_to_group_by = 99; -- { serverError 158 }
SELECT number % 100 AS k, count() FROM numbers(1000) GROUP BY k ORDER BY k LIMIT 3 SETTINGS max_rows_to_group_by = 100;
-- A block is max_block_size rows of numbers(): 'break' stops after the first past the limit.
SELECT count(), sum(c) FROM (SELECT number % 100 AS k, count() AS c FROM numbers(200000) GROUP BY k SETTINGS max_rows_to_group_by = 10, group_by_overflow_mode = 'break', max_block_size = 65409);
SELECT count(), sum(c) FROM (SELECT number % 100000 AS k, count() AS c FROM numbers(200000) GROUP BY k SETTINGS max_rows_to_group_by = 10, group_by_overflow_mode = 'break', max_block_size = 65409);
SELECT count(), sum(c) FROM (SELECT number % 100000 AS k, count() AS c FROM numbers(200000) GROUP BY k SETTINGS max_rows_to_group_by = 10, group_by_overflow_mode = 'break', max_block_size = 1000);
SELECT uniqExact(number) FROM numbers(1000) SETTINGS max_rows_to_group_by = 10;
SELECT DISTINCT number FROM numbers(1000) SETTINGS max_rows_in_distinct = 10; -- { serverError 191 }
SELECT count() FROM (SELECT DISTINCT number % 50 FROM numbers(1000) SETTINGS max_rows_in_distinct = 50);
SELECT count() FROM (SELECT DISTINCT number FROM numbers(200000) SETTINGS max_rows_in_distinct = 10, distinct_overflow_mode = 'break', max_block_size = 65409);
SELECT count() FROM (SELECT DISTINCT number FROM numbers(200000) SETTINGS max_rows_in_distinct = 10, distinct_overflow_mode = 'break', max_block_size = 777);
