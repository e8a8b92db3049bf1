SELECT [1, 2, 3], length([1, 2]), [1.5, 2.5];
SELECT arrayJoin([1, 2, 3]) AS x ORDER BY x;
SELECT has([1, 2], 2), arraySum([1, 2, 3]);
