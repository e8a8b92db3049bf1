SELECT number FROM numbers(3);
SELECT number FROM numbers(5, 3);
SELECT count(), sum(number) FROM numbers(1000000);
SELECT number FROM system.numbers LIMIT 3;
SELECT number FROM system.numbers WHERE number > 100 LIMIT 2;
SELECT * FROM numbers(2);
