SELECT toTypeName(number), toTypeName(toString(number)), toTypeName(toFloat64(number)), toTypeName(toDate(number)) FROM numbers(1);
SELECT toTypeName(now()), toTypeName(today()), toTypeName(toUUID('00000000-0000-0000-0000-000000000000'));
