SELECT toUInt32OrZero('x'), toUInt32OrZero('17'), toFloat64OrZero('1.5'), toFloat64OrZero('abc');
SELECT toDateOrZero('bad'), toDateTimeOrZero('2024-01-01 00:00:01');
SELECT toUInt8OrZero('300'), toUInt8OrZero('255'), toInt8OrZero('-129'), toInt8OrZero('-128'), toUInt8OrZero('-1'), toUInt16OrZero('65536'), toInt32OrZero('2147483648'), toUInt8('300');
