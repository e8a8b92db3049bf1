-- sipHash64: a string's bytes or a number's in memory at its type's width; several arguments' hashes combined; no arguments a constant.
SELECT sipHash64('a'), sipHash64(''), sipHash64(1), sipHash64('a', 'b'), sipHash64();
SELECT sipHash64(1, 'x', 2.5, toDate('2020-01-01'), toDateTime('2020-01-01 00:00:00'), -3, 300, toFloat32(1.5), 70000, 5000000000);
SELECT number, sipHash64(number), sipHash64(toString(number), number % 3), toTypeName(sipHash64(number)) FROM numbers(4);
SELECT sipHash64(repeat('long text over several blocks ', number)) FROM numbers(3);
-- The remainder's type (ClickHouse's ResultOfModulo): signed when the dividend is, as wide as the divisor (twice when signed).
SELECT toTypeName(toUInt64(7) % toUInt8(3)), toTypeName(toInt64(-7) % toUInt8(3)), toTypeName(toUInt8(7) % toInt32(3)), toTypeName(toInt8(7) % toInt64(3)), toTypeName(toInt16(7) % toUInt16(3)), toTypeName(toUInt32(7) % toUInt64(3)), toTypeName(toInt32(-7) % toUInt32(3)), toInt64(-7) % toUInt8(3), toUInt8(7) % toInt32(-3), toTypeName(toDate('2020-01-01') % 7);
SELECT toInt8(-128) % toInt8(-1); -- { serverError 153 }
SELECT toInt64(-199) % toUInt8(200), toUInt8(255) % toUInt8(7), 7.5 % 2, toInt16(-32768) % toInt8(3);
SELECT toUInt64(18446744073709551615) % toInt64(10), toUInt64(18446744073709551615) % toInt8(-3), toUInt64(9223372036854775808) % toInt32(7), toInt32(-7) % toInt32(-3), toDate('2020-01-01') % 7;
