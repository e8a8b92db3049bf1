SELECT length('hello'), lower('HeLLo'), upper('HeLLo'), reverse('abc');
SELECT concat('a', 'b', 'c'), 'x' || 'y', concat('n=', toString(42));
SELECT substring('ClickHouse', 6), substring('ClickHouse', 1, 5), substring('ClickHouse', -5, 2);
SELECT empty(''), notEmpty(''), empty('a');
SELECT startsWith('prefix', 'pre'), endsWith('suffix', 'fix'), startsWith('a', 'abc');
