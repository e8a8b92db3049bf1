-- CREATE TABLE t AS <table function>: a table that reads the function (here a view of it); an
-- unpartitioned table's one partition named as tuple() by OPTIMIZE and ALTER … PARTITION.
CREATE TABLE num AS numbers(1000);
SELECT count(), sum(number) FROM num;
SELECT quantileExactExclusive(0.6)(x), quantileExactInclusive(0.6)(x) FROM (SELECT number AS x FROM num);
CREATE TABLE pairs AS values('k UInt8, s String', (1, 'a'), (2, 'b'));
SELECT * FROM pairs ORDER BY k;
CREATE TABLE np (x UInt8) ENGINE = MergeTree ORDER BY x;
INSERT INTO np VALUES (1), (2), (3);
INSERT INTO np VALUES (4), (5);
OPTIMIZE TABLE np PARTITION tuple() FINAL;
SELECT partition, name FROM system.parts WHERE database = currentDatabase() AND table = 'np' AND active ORDER BY name;
ALTER TABLE np DETACH PARTITION tuple();
SELECT sum(x) FROM np;
ALTER TABLE np ATTACH PARTITION ID 'all';
SELECT sum(x) FROM np;
