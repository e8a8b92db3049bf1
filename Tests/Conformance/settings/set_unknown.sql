SET this_setting_does_not_exist = 1; -- { serverError 115 }
SELECT 1 SETTINGS nope = 2; -- { serverError 115 }
SET max_threads = 'abc'; -- { serverError 27 }
SELECT 2;
