SELECT count(), sum(number), avg(number), min(number), max(number) FROM numbers(10);
SELECT count(number), sum(number * 2.5) FROM numbers(4);
SELECT avg(x) FROM (SELECT toFloat64(number) / 3 AS x FROM numbers(7));
SELECT sum(number), count() FROM numbers(0);
