SELECT any(number), anyLast(number) FROM numbers(5);
SELECT uniq(number % 7), uniqExact(number % 7) FROM numbers(100);
SELECT argMax(number, number % 10), argMin(number, number % 10) FROM numbers(25);
