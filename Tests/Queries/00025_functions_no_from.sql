SELECT toStartOfHour(toDateTime('2026-11-20 10:05:07')), toStartOfDay(toDateTime('2026-11-20 10:05:07')), toYYYYMM(toDateTime('2026-11-20 10:05:07'));
SELECT formatReadableSize(0), formatReadableSize(1500), formatReadableSize(1048576), formatReadableSize(3670016), formatReadableSize(1099511627776);
SELECT toString(42), toFloat64(3), toString(toDateTime('2026-01-02 03:04:05'));
SELECT toDateTime('2026-11-20 10:05:07') + INTERVAL 90 DAY, toDateTime('2026-03-01 00:00:00') - INTERVAL 1 DAY;
SELECT toUUID('123E4567-E89B-12D3-A456-426614174000');
