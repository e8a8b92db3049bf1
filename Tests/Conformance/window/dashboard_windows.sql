-- Window functions as dashboards use them: top-N per group, running totals, moving averages,
-- deltas from the previous point.
CREATE TABLE cost (day Date, team String, cost Float64) ENGINE = MergeTree ORDER BY (team, day);
INSERT INTO cost SELECT toDate('2024-01-01') + number % 10, ['api', 'batch', 'ml'][number % 3 + 1], round((number * 37) % 101 / 4, 2) FROM numbers(60);
SELECT team, day, total FROM (
    SELECT team, day, sum(cost) AS total, row_number() OVER (PARTITION BY team ORDER BY sum(cost) DESC, day) AS r
    FROM cost GROUP BY team, day
) WHERE r <= 2 ORDER BY team, r;
SELECT day, sum(cost) AS daily, sum(sum(cost)) OVER (ORDER BY day) AS running,
       round(avg(sum(cost)) OVER (ORDER BY day ROWS BETWEEN 2 PRECEDING AND CURRENT ROW), 4) AS moving
FROM cost GROUP BY day ORDER BY day;
SELECT team, day, sum(cost) AS c, sum(cost) - lagInFrame(sum(cost), 1, 0) OVER (PARTITION BY team ORDER BY day) AS delta
FROM cost GROUP BY team, day ORDER BY team, day LIMIT 8;
SELECT team, count() AS n, rank() OVER (ORDER BY count() DESC, team) AS r, dense_rank() OVER (ORDER BY count() DESC) AS d FROM cost GROUP BY team ORDER BY team;
SELECT day, team, first_value(team) OVER (PARTITION BY day ORDER BY cost DESC, team) AS top, max(cost) OVER (PARTITION BY day) AS best
FROM cost WHERE day < '2024-01-03' ORDER BY day, team, cost LIMIT 6;
