SELECT 'hello' LIKE 'h%', 'hello' LIKE '_ello', 'hello' NOT LIKE '%z%', 'a_b' LIKE 'a\\_b';
SELECT number FROM numbers(30) WHERE toString(number) LIKE '%7' ORDER BY number;
