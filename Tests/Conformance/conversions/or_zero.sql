SELECT toUInt32OrZero('x'), toUInt32OrZero('17'), toFloat64OrZero('1.5'), toFloat64OrZero('abc');
SELECT toDateOrZero('bad'), toDateTimeOrZero('2024-01-01 00:00:01');
