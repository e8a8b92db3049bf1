SELECT greatest(1, 5, 3), least(1.5, -2, 0), greatest('b', 'a'), abs(-7), abs(2.5);
SELECT intDiv(7, 2), intDiv(-7, 2), 7 % 3;
SELECT intDiv(1, 0); -- { serverError 153 }
