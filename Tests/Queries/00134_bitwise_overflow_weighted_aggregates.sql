-- groupBitAnd / Or / Xor (with states; AND of no rows is all ones), sumWithOverflow (the sum in the
-- argument's type, wrapping; floats in ClickHouse's order without GROUP BY), avgWeighted (integer
-- weights make integer sums, as 26.9 does) and uniqUpTo(n).
SELECT groupBitAnd(x), groupBitOr(x), groupBitXor(x), toTypeName(groupBitAnd(x)), hex(groupBitAndState(x)), toTypeName(groupBitOrState(x)) FROM (SELECT toUInt8(number + 3) AS x FROM numbers(5));
SELECT groupBitAnd(x), groupBitOr(x), groupBitXor(x) FROM (SELECT toUInt16(number) AS x FROM numbers(0));
SELECT groupBitAnd(toInt32(number) - 3), BIT_OR(number), BIT_XOR(number), BIT_AND(number + 8) FROM numbers(5);
SELECT number % 3 AS k, groupBitOr(number), groupBitXor(toInt64(number) * -1) FROM numbers(20) GROUP BY k ORDER BY k;
SELECT groupBitOrMerge(s) FROM (SELECT groupBitOrState(toUInt32(number * 5)) AS s FROM numbers(10) GROUP BY number % 3);
SELECT groupBitAnd(1.5); -- { serverError 43 }
SELECT sumWithOverflow(toUInt8(number)), toTypeName(sumWithOverflow(toUInt8(number))), sumWithOverflow(toFloat32(number) / 3), toTypeName(sumWithOverflow(toFloat32(number))), hex(sumWithOverflowState(toUInt8(number))) FROM numbers(100);
SELECT sumWithOverflow(toInt8(number)), sumWithOverflow(number * 0.1) FROM numbers(300);
SELECT number % 2 AS k, sumWithOverflow(toUInt16(number * 1000)) FROM numbers(200) GROUP BY k ORDER BY k;
SELECT avgWeighted(number, number), toTypeName(avgWeighted(number, number)), avgWeighted(x, w) FROM (SELECT number, number * 0.5 AS x, toUInt8(number % 3) AS w FROM numbers(10));
SELECT avgWeighted(number, 0) FROM numbers(3);
SELECT avgWeighted(number, -1) FROM numbers(3);
SELECT number % 2 AS k, avgWeighted(number, number + 1) FROM numbers(10) GROUP BY k ORDER BY k;
SELECT uniqUpTo(3)(number), uniqUpTo(10)(number % 5), toTypeName(uniqUpTo(3)(number)) FROM numbers(10);
SELECT number % 3 AS k, uniqUpTo(4)(intDiv(number, 3)), uniqUpTo(2)(toString(number % 2)) FROM numbers(30) GROUP BY k ORDER BY k;
SELECT avgWeighted(x, toFloat64(w)), avgWeighted(x, toFloat32(w)), avgWeighted(toFloat32(x), w), avgWeighted(x, toUInt64(w)), avgWeighted(x, toInt8(w)), avgWeighted(toUInt8(x * 2), w), avgWeighted(toUInt8(x * 2), toFloat64(w) + 0.5), avgWeighted(toInt64(x * 2), toInt8(w) - 1), avgWeighted(-x, w) FROM (SELECT number * 0.5 AS x, toUInt8(number % 3) AS w FROM numbers(10));
