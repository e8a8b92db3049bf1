SELECT position('hello world', 'o'), position('abc', ''), positionCaseInsensitive('ABC', 'b'), replaceAll('aaa', 'a', 'bb'), replaceOne('aaa','a','b'), trim('  x  '), trimLeft('  x'), trimRight('x  '), repeat('ab', 3), hex(255), hex('AB'), lowerUTF8('ÄB'), upperUTF8('äb'), lengthUTF8('äb'), leftPad('5', 3, '0'), left('hello', 2), right('hello', 2);
SELECT round(2.5), round(3.14159, 2), round(-2.5), floor(-1.5), ceil(1.2), sqrt(16), pow(2, 10), exp(0), log(1), sign(-3), intDiv(7, -2), bitAnd(12, 10), bitOr(12, 10), bitXor(12, 10), bitShiftLeft(1, 4), isNaN(0/0), isFinite(1/0), isInfinite(-1/0), roundBankers(2.5), truncate(2.7);
SELECT throwIf(0), ignore(1, 2), materialize(3);
SELECT hex(1), hex(256), hex(0), round(1234.5678, -2), round(7), floor(-0.5), left('abc', -1), right('abc', -1), position('aXbXc', 'X'), replaceAll('abc', '', 'x');
SELECT throwIf(number = 3) FROM numbers(5); -- { serverError 395 }
SELECT throwIf(number = 3, 'custom') FROM numbers(5); -- { serverError 395 }
