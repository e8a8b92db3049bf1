SELECT 1 UNION SELECT 2; -- { serverError 558 }
SELECT 1, 2 UNION ALL SELECT 3; -- { serverError 258 }
