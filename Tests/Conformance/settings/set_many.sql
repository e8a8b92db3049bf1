SET send_logs_level = 'fatal';
SET enable_optimize_predicate_expression = 0;
SET join_use_nulls = 1;
SET max_memory_usage = 10000000000;
SET optimize_aggregation_in_order = 1;
SET prefer_localhost_replica = 0;
SET mutations_sync = 2;
SELECT count() FROM numbers(5);
