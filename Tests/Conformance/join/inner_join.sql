SELECT a.number, b.number FROM numbers(3) AS a INNER JOIN numbers(5) AS b ON a.number = b.number ORDER BY a.number;
