SELECT quantileMerge(0.5)(s) FROM (SELECT quantileState(0.5)(number) AS s FROM numbers(11));
SELECT quantilesMerge(0.25, 0.75)(s) FROM (SELECT quantilesState(0.25, 0.75)(number) AS s FROM numbers(100) GROUP BY number % 4);
