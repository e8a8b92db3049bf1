-- SummingMergeTree sums neither the sorting key's columns nor the partition key's, and refuses
-- an explicit list naming either (code 36). SYSTEM STOP MERGES leaves a table's parts alone
-- (OPTIMIZE fails with code 236) until START MERGES.
SET optimize_on_insert = 0;
CREATE TABLE tt (a Int64, d Int64, val Int64) ENGINE = SummingMergeTree PARTITION BY (a) ORDER BY (d);
SYSTEM STOP MERGES tt;
INSERT INTO tt SELECT number % 13, number % 17, 1 FROM numbers(10000);
INSERT INTO tt SELECT number % 13, number % 17, 2 FROM numbers(1000);
SELECT count(*) FROM tt;
SELECT count(*) FROM tt FINAL;
OPTIMIZE TABLE tt FINAL; -- { serverError 236 }
SELECT count() FROM system.parts WHERE table = 'tt' AND active;
SYSTEM START MERGES tt;
OPTIMIZE TABLE tt FINAL;
SELECT a, count(), sum(val) FROM tt GROUP BY a ORDER BY a;
SYSTEM STOP MERGES;
SYSTEM START MERGES;
SYSTEM FLUSH LOGS;
CREATE TABLE bad (a Int64, d Int64, val Int64) ENGINE = SummingMergeTree((a, val)) PARTITION BY (a % 5) ORDER BY (d); -- { serverError 36 }
CREATE TABLE bad (a Int64, d Int64, val Int64) ENGINE = SummingMergeTree((d, val)) PARTITION BY (a) ORDER BY (d % 5); -- { serverError 36 }
-- initializeAggregation: each row's own state (or value).
SELECT uniqMerge(state) FROM (SELECT initializeAggregation('uniqState', number % 3) AS state FROM numbers(10000));
SELECT topKWeightedMerge(10)(state) FROM (SELECT initializeAggregation('topKWeightedState(10)', number, number) AS state FROM numbers(1000));
SELECT initializeAggregation('sum', number), toTypeName(initializeAggregation('sumState', number)) FROM numbers(2);
SET optimize_on_insert = 1;
