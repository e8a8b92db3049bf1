-- GROUP BY one byte (number % 3): ClickHouse adds a block's rows through four lookup tables (row i
-- to lane i mod 4, lanes merged in order, the rest added directly), which shows in float sums
-- and averages and in the row any() sees first; aggregates of a product or quotient by a number
-- are that number applied to the aggregate (sum(x * 0.1) is sum(x) * 0.1; min(x * -2) is max(x) * -2).
SELECT number % 3 AS k, any(number), anyLast(number), sum(number * 0.1), avg(number * 0.1), sumKahan(number * 0.1), sumWithOverflow(number * 0.1), groupArray(number) FROM numbers(30) GROUP BY k ORDER BY k;
SELECT toInt8(number % 5) - 2 AS k, any(number), anyLast(toFloat32(number)), sum(toFloat32(number) / 3), avg(number / 7) FROM numbers(1000) GROUP BY k ORDER BY k;
SELECT number % 4 AS k, any(toString(number)), sum(number), avg(number) FROM numbers(22) GROUP BY k ORDER BY k;
SELECT toUInt16(number % 3) AS k, any(number), sum(number * 0.1) FROM numbers(30) GROUP BY k ORDER BY k;
SELECT number % 3 AS k, anyIf(number, number > 3), sumIf(number * 0.1, 1) FROM numbers(30) GROUP BY k ORDER BY k;
SELECT number % 256 AS k, any(number), sum(number * 0.3) FROM numbers(3000) GROUP BY k ORDER BY k LIMIT 5;
SELECT sum(number * 0.1), sum(0.1 * number), avg(number / 7), min(number * -2), max(number / -3), sum(7 / (number + 1)) FROM numbers(100);
SELECT number % 2 AS k, sum(number * 0.1) AS s FROM numbers(10) GROUP BY k HAVING sum(number * 0.1) > 2 ORDER BY sum(number * 0.1) FORMAT TSVWithNames;
