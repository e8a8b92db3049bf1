SELECT toInt32(-5), toInt16(70000), toInt8(200), toUInt16(-1);
SELECT toInt32OrNull('x'), toTypeName(toInt32(1));
