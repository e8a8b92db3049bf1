-- _part, _part_index and _partition_id: where each row lives; never in SELECT *.
CREATE TABLE parted (d Date, x UInt64) ENGINE = MergeTree PARTITION BY toYYYYMM(d) ORDER BY x;
INSERT INTO parted VALUES ('2024-01-05', 3), ('2024-02-01', 1);
INSERT INTO parted VALUES ('2024-01-07', 2);
SELECT * FROM parted ORDER BY x;
SELECT _part, _part_index, _partition_id, x FROM parted ORDER BY _part_index, x;
SELECT _partition_id, count() FROM parted GROUP BY _partition_id ORDER BY 1;
OPTIMIZE TABLE parted FINAL;
SELECT _part, x FROM parted WHERE x < 3 ORDER BY x;
-- blockSize() and rowNumberInBlock() of the block a row is computed in.
SELECT number, blockSize() < 10, rowNumberInBlock() FROM numbers(3);
-- cityHash64: strings by CityHash64 1.0.2, numbers by intHash64 of their bits; combined pairwise.
SELECT arrayMap(n -> cityHash64(repeat('x', n) || toString(n)), range(0, 140, 7));
SELECT cityHash64(toInt8(-1)), cityHash64(-5), cityHash64(1.5), cityHash64(toFloat32(2.5)), cityHash64(toDate('2024-01-01')), cityHash64('a', 1, 'b');
SELECT sum(cityHash64(number)), sum(cityHash64(toString(number))) FROM numbers(1000);
