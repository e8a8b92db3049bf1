SELECT x FROM (SELECT number AS x FROM numbers(3) UNION ALL SELECT number * 10 FROM numbers(3)) ORDER BY x DESC;
