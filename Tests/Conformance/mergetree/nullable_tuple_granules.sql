-- Nullable and Tuple columns over many granules that share compressed blocks (each granule is
-- its null map then its values, or its elements in turn): read whole, by range, and merged.
CREATE TABLE g (t DateTime, n Nullable(Int32), p Tuple(UInt8, Nullable(String)), a Array(Nullable(UInt8)))
ENGINE = MergeTree ORDER BY t SETTINGS index_granularity = 64;
INSERT INTO g SELECT toDateTime('2026-10-30 20:00:00') + number, if(number % 5 = 0, NULL, toInt32(number) - 500),
    (number % 7, if(number % 3 = 0, NULL, toString(number))), [if(number % 2 = 0, NULL, number % 250)] FROM numbers(3000);
SELECT count(), sum(n), countIf(n IS NULL), sum(p.1), countIf(p.2 IS NULL), sum(length(ifNull(p.2, ''))), countIf(a[1] IS NULL) FROM g;
SELECT * FROM g WHERE t BETWEEN '2026-10-30 20:10:00' AND '2026-10-30 20:10:03' ORDER BY t;
INSERT INTO g SELECT toDateTime('2026-10-30 19:00:00') + number, NULL, (1, 'x'), [] FROM numbers(500);
OPTIMIZE TABLE g FINAL;
SELECT count(), sum(n), countIf(n IS NULL), sum(p.1), countIf(p.2 IS NULL) FROM g;
SELECT * FROM g ORDER BY t LIMIT 2;
