SELECT argMax(number, number % 10), argMin(number, number % 10) FROM numbers(25);
SELECT number % 3 AS k, argMax(toString(number), number), argMin(number * 2, -number), argMaxIf(number, number, number < 10) FROM numbers(30) GROUP BY k ORDER BY k;
SELECT argMin(x, y) FROM (SELECT number AS x, 5 - number AS y FROM numbers(5) WHERE number > 10);
