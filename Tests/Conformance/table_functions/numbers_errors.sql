SELECT * FROM numbers(1, 2, 3, 4); -- { serverError 42 }
SELECT * FROM nonexistent_function(1); -- { serverError 46 }
