-- unhex: two digits a byte, an odd first digit a byte of its own, a non-digit counted as -1 (as ClickHouse 26.9).
SELECT hex(unhex('F')), hex(unhex('abc')), hex(unhex('zz')), hex(unhex('')), toTypeName(unhex('41')), unhex('414243'), hex(unhex('4G'));
SELECT unhex(hex('round trip')), hex(unhex(hex(toString(number)))) FROM numbers(3);
SELECT unhex(1); -- { serverError 43 }
