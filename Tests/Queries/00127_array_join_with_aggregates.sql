-- arrayJoin in a query that aggregates: inside an aggregate's argument, WHERE or GROUP BY it joins
-- the source rows; elsewhere in the select list it repeats each result row per element, as
-- ClickHouse does (and may read only keys and aggregates there: code 215).
SELECT arrayJoin([1,2,3]) AS k, count() FROM numbers(5);
SELECT arrayJoin([1,2,3]) AS k, count() FROM numbers(5) GROUP BY k ORDER BY k;
SELECT count(), arrayJoin([1,2]) FROM numbers(5);
SELECT sum(arrayJoin([number, 10])) FROM numbers(5);
SELECT arrayJoin([number, 10]) AS k, count() FROM numbers(5); -- { serverError 215 }
SELECT number % 2 AS g, arrayJoin(['a', 'b']) AS s, count() FROM numbers(5) GROUP BY g ORDER BY g, s;
SELECT arrayJoin([1]) AS ID2, avg(number) FROM numbers(4);
SELECT arrayJoin([10, 20]) AS x, number FROM numbers(2) ORDER BY x, number;
