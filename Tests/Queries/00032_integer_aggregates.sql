CREATE TABLE ia (g UInt8, u8 UInt8, u32 UInt32, u64 UInt64) ENGINE = MergeTree() ORDER BY g;
INSERT INTO ia VALUES (1, 200, 4000000000, 18446744073709551615), (1, 200, 4000000000, 18446744073709551615), (1, 201, 1, 0), (2, 1, 2, 3);
SELECT g, sum(u8), avg(u8), sum(u32), sum(u64), max(u8), min(u64), quantile(0.5)(u32), quantileExact(0.5)(u32) FROM ia GROUP BY g ORDER BY g;
SELECT count(), sum(u8) FROM ia FORMAT JSONEachRow;
