SELECT 'a' + 1; -- { serverError 43 }
SELECT toStartOfHour('x'); -- { serverError 43 }
SELECT 1 = 'abc'; -- { serverError 53 }
SELECT 2;
