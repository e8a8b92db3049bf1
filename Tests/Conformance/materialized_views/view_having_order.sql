-- A view's HAVING, ORDER BY and LIMIT apply to each insert block's groups, as ClickHouse runs a view per block.
DROP TABLE IF EXISTS ev;
DROP TABLE IF EXISTS busy_mv;
DROP TABLE IF EXISTS top_mv;
CREATE TABLE ev (t DateTime, k String, v Float64) ENGINE = MergeTree ORDER BY (k, t);
CREATE MATERIALIZED VIEW busy_mv ENGINE = MergeTree ORDER BY (h, k) AS SELECT toStartOfHour(t) AS h, k, count() AS n, round(avg(v), 3) AS a FROM ev WHERE v >= 0 GROUP BY h, k HAVING count() > 1;
CREATE MATERIALIZED VIEW top_mv ENGINE = MergeTree ORDER BY k AS SELECT k, sum(v) AS total FROM ev GROUP BY k ORDER BY total DESC LIMIT 2;
INSERT INTO ev SELECT toDateTime('2026-11-20 10:00:00') + number * 600, ['a', 'b', 'c'][number % 3 + 1], if(number % 7 = 0, -1, number / 2) FROM numbers(40);
INSERT INTO ev VALUES ('2026-11-20 10:30:00', 'a', 1), ('2026-11-20 10:40:00', 'd', 100), ('2026-11-20 10:50:00', 'd', 50);
SELECT * FROM busy_mv ORDER BY h, k;
SELECT * FROM top_mv ORDER BY k, total;
