SELECT a FROM (SELECT b AS a FROM (SELECT number AS b FROM numbers(4)) WHERE b > 1) ORDER BY a DESC;
SELECT count() FROM (SELECT number FROM numbers(100) WHERE number IN (SELECT number FROM numbers(50) WHERE number % 2 = 1));
