CREATE TABLE bad (k UInt32, name String, s AggregateFunction(avg, Float32)) ENGINE = AggregatingMergeTree() ORDER BY k; -- { serverError 36 }
CREATE TABLE plain (k UInt32, name String, c UInt64) ENGINE = AggregatingMergeTree() ORDER BY k;
CREATE TABLE ok (k UInt32, name String, s AggregateFunction(avg, Float32)) ENGINE = AggregatingMergeTree() ORDER BY k SETTINGS allow_dimensions_outside_sorting_key = 1;
SHOW TABLES;
