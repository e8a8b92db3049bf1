SELECT number, if(number > 1, 'big', 'small'), multiIf(number = 0, 'zero', number = 1, 'one', 'many') FROM numbers(4);
SELECT number, number % 2 = 0 ? 'even' : 'odd' FROM numbers(3);
SELECT if(number > 2, number, 0) FROM numbers(5);
SELECT sum(if(number % 2 = 0, number, 0)) FROM numbers(10);
