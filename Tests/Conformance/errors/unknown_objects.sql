SELECT * FROM no_such_table; -- { serverError 60 }
SELECT no_such_column FROM numbers(1); -- { serverError 47 }
SELECT no_such_function(1); -- { serverError 46 }
SELECT * FROM no_such_db.t; -- { serverError 81 }
SELECT 1;
