-- formatReadableSize rounds the exact binary value half up, keeps the sign of -0, and prints the
-- shortest form past its fixed range; a Date past DateTime's range keeps its own calendar in toYYYYMM.
SELECT formatReadableSize(1.005), formatReadableSize(2.675), formatReadableSize(1023.995), formatReadableSize(1048570), formatReadableSize(0.125), formatReadableSize(1.115), formatReadableSize(-2.675);
SELECT formatReadableSize(1e20), formatReadableSize(123456789012345678901234), formatReadableSize(1e25), formatReadableSize(1e300);
SELECT formatReadableSize(nan), formatReadableSize(inf), formatReadableSize(-inf), formatReadableSize(-1), formatReadableSize(-0.001), formatReadableSize(0.005), formatReadableSize(1099511627775.99);
SELECT toStartOfDay(toDate(65535)), toYYYYMM(toDate(65535)), toStartOfDay(toDate(49710)), toYYYYMM(toDate(49710)), toYYYYMM(toDate(50000));
SELECT toStartOfHour(toDate(20000)); -- { serverError 43 }
SELECT toStartOfMinute(toDate('2026-01-01')); -- { serverError 43 }
SELECT toStartOfDay(toDate('2026-01-01')), toStartOfDay(toDateTime('2026-01-01 10:11:12'));
