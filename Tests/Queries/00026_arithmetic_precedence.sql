SELECT 1 + 2 * 3, (1 + 2) * 3, 10 - 2 - 3, 2 * 3 % 4, 7 / 2 * 2, -2 * -3;
SELECT 255 + 1, 0 - 1, 18446744073709551615 + 1, 1.5 + 1, 10 % 3, 1 / 3 + 1 / 3;
SELECT NOT 1 AND 0, NOT (1 AND 0), 1 OR 0 AND 0, (1 OR 0) AND 0;
SELECT 1 < 2, 2 <= 2, 3 > 4, 'a' < 'b', 'b' >= 'ab', 1 = 1.0, 1 != 2;
SELECT nan = nan, nan != nan, nan < 1, inf > 1e308, -inf < 0;
