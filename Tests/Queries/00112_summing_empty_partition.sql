-- A partition that an inserted block's collapse leaves without rows gets no part and no block number.
CREATE TABLE sp (d Date, k UInt32, v Int64) ENGINE = SummingMergeTree() PARTITION BY toYYYYMM(d) ORDER BY k;
INSERT INTO sp VALUES ('2026-01-01', 1, 5), ('2026-01-02', 1, -5), ('2026-02-01', 2, 3);
INSERT INTO sp VALUES ('2026-03-01', 3, 1), ('2026-01-05', 4, 0);
SELECT name, rows FROM system.parts WHERE table = 'sp' AND active ORDER BY name;
SELECT * FROM sp ORDER BY k;
CREATE TABLE cp (d Date, k UInt8, sign Int8) ENGINE = CollapsingMergeTree(sign) PARTITION BY toYYYYMM(d) ORDER BY k;
INSERT INTO cp VALUES ('2026-01-01', 1, 1), ('2026-01-01', 1, -1), ('2026-02-01', 2, 1);
INSERT INTO cp VALUES ('2026-03-01', 3, 1);
SELECT name, rows FROM system.parts WHERE table = 'cp' AND active ORDER BY name;
CREATE TABLE ap (d Date, k UInt8, s AggregateFunction(sum, UInt64)) ENGINE = AggregatingMergeTree() PARTITION BY toYYYYMM(d) ORDER BY k;
INSERT INTO ap SELECT toDate('2026-01-01') + number * 20, number % 3, sumState(number) FROM numbers(6) GROUP BY number;
SELECT partition, rows, level FROM system.parts WHERE table = 'ap' AND active ORDER BY partition;
SELECT k, sumMerge(s) FROM ap GROUP BY k ORDER BY k;
-- The partition key's columns count as keys of an AggregatingMergeTree; a TTL's column does not.
CREATE TABLE ad (d DateTime, k UInt8, s SimpleAggregateFunction(sum, UInt64)) ENGINE = AggregatingMergeTree() ORDER BY k TTL d + INTERVAL 1 DAY; -- { serverError 36 }
CREATE TABLE ae (d Date, e Date, k UInt8, s AggregateFunction(sum, UInt64)) ENGINE = AggregatingMergeTree() PARTITION BY toYYYYMM(d) ORDER BY k; -- { serverError 36 }
CREATE TABLE af (d Date, k UInt8, s SimpleAggregateFunction(sum, UInt64)) ENGINE = AggregatingMergeTree() PARTITION BY (d, k % 2) ORDER BY k;
