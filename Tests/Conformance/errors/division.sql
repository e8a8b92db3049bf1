SELECT 1 / 0, -1 / 0, 0 / 0;
SELECT 1 % 0; -- { serverError 153 }
SELECT intDiv(10, 3);
