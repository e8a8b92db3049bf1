CREATE DATABASE IF NOT EXISTS db1;
CREATE TABLE db1.b (x UInt8) ENGINE = MergeTree() ORDER BY x;
CREATE TABLE db1.a (k UInt32, s String, agg AggregateFunction(quantile(0.95), Float32)) ENGINE = AggregatingMergeTree() ORDER BY (k, s);
SHOW TABLES FROM db1;
DESCRIBE TABLE db1.a;
USE db1;
SHOW TABLES;
DROP TABLE b;
SHOW TABLES;
DROP TABLE IF EXISTS b;
DROP TABLE b; -- { serverError 60 }
CREATE DATABASE db1; -- { serverError 82 }
