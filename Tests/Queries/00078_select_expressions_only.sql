SELECT 1 AS a, a + 1 AS b, b * 2 AS c;
SELECT 'x' AS s, s = 'x';
SELECT 10 / 4, 10 % 4, 2 + 2 * 2;
SELECT 0.1 * 3, 1 - 0.9;
