SELECT toUInt8(300), toUInt8(-1), toUInt32(-1.5), toInt64(3.9), toUInt64(-3.9), toUInt8(1e10);
SELECT toUInt8('42'), toUInt8('300'), toInt64('-5'), toUInt64('18446744073709551615');
SELECT toUInt32('12x'); -- { serverError 6 }
SELECT toUInt32('abc'); -- { serverError 6 }
SELECT toUInt8('-1'); -- { serverError 72 }
SELECT toInt64(nan); -- { serverError 70 }
