SELECT number, x FROM numbers(3) AS l LEFT JOIN (SELECT number, number * 10 AS x FROM numbers(2)) AS r USING number ORDER BY number;
