WITH t AS (SELECT number AS n FROM numbers(5)) SELECT sum(n), count() FROM t WHERE n > 1;
WITH 10 AS ten SELECT number + ten FROM numbers(2);
WITH sq AS (SELECT number % 2 AS k FROM numbers(4)) SELECT k, count() FROM sq GROUP BY k ORDER BY k;
