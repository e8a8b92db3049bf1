-- ORDER BY … NULLS FIRST | NULLS LAST: NULL and NaN first or last in either direction (last by default).
SELECT x FROM (SELECT arrayJoin([1, NULL, 3, 2]) AS x) ORDER BY x NULLS FIRST;
SELECT x FROM (SELECT arrayJoin([1, NULL, 3, 2]) AS x) ORDER BY x DESC NULLS FIRST;
SELECT x FROM (SELECT arrayJoin([1, NULL, 3, 2]) AS x) ORDER BY x DESC NULLS LAST;
SELECT x FROM (SELECT arrayJoin([1, nan, 3, -inf]) AS x) ORDER BY x NULLS FIRST;
SELECT x FROM (SELECT arrayJoin([1, nan, 3, -inf]) AS x) ORDER BY x DESC;
SELECT x, y FROM (SELECT arrayJoin([(1, NULL), (1, 2), (NULL, 1)]) AS t, t.1 AS x, t.2 AS y) ORDER BY x ASC NULLS FIRST, y DESC NULLS FIRST;
-- In a window's ORDER BY too.
SELECT x, row_number() OVER (ORDER BY x DESC NULLS FIRST) FROM (SELECT arrayJoin([1, NULL, 3]) AS x) ORDER BY x;
SELECT 1 ORDER BY 1 NULLS; -- { serverError 62 }
