-- groupArrayMovingSum / groupArrayMovingAvg (running sums, a window as the difference of two),
-- sumKahan (compensated; states merged by ClickHouse's two-sum) and anyHeavy (the majority vote).
SELECT groupArrayMovingSum(number), groupArrayMovingSum(2)(number), groupArrayMovingAvg(number), groupArrayMovingAvg(2)(number), toTypeName(groupArrayMovingSum(number)), toTypeName(groupArrayMovingAvg(number)) FROM numbers(5);
SELECT groupArrayMovingSum(x), groupArrayMovingAvg(x), groupArrayMovingAvg(toFloat32(x)), toTypeName(groupArrayMovingSum(toFloat32(x))), groupArrayMovingSum(3)(x) FROM (SELECT number * 0.1 AS x FROM numbers(7));
SELECT groupArrayMovingAvg(toInt8(number) - 2), groupArrayMovingSum(toInt8(number) * 50), toTypeName(groupArrayMovingSum(toInt8(number))), groupArrayMovingSum(10)(number) FROM numbers(5);
SELECT number % 2 AS k, groupArrayMovingSum(number), groupArrayMovingAvg(3)(number) FROM numbers(9) GROUP BY k ORDER BY k;
SELECT groupArrayMovingSum(number), groupArrayMovingAvg(number) FROM numbers(0);
SELECT sumKahan(x), sum(x), toTypeName(sumKahan(x)), sumKahan(toUInt8(1)) FROM (SELECT 0.1 AS x FROM numbers(10));
SELECT number % 3 AS k, sumKahan(number * 0.1) FROM numbers(30) GROUP BY k ORDER BY k;
SELECT sumKahanMerge(s) FROM (SELECT sumKahanState(number * 0.1) AS s FROM numbers(1000) GROUP BY number % 7);
SELECT hex(sumKahanState(0.1)) FROM numbers(3);
SELECT anyHeavy(number % 3), anyHeavy(x), anyHeavy(toString(x)) FROM (SELECT number, if(number < 6, 1, number) AS x FROM numbers(10));
SELECT number % 2 AS k, anyHeavy(intDiv(number, 4)) FROM numbers(20) GROUP BY k ORDER BY k;
SELECT anyHeavy(number) FROM numbers(0);
