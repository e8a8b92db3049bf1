-- Number literals as ClickHouse reads and names them: the smallest type that holds an integer
-- (negative ones signed), hexadecimal and octal-looking forms, hexadecimal floats with a binary
-- exponent, integers past 64 bits (and negatives past Int64) as Float64, `inf`/`nan`; a float
-- literal's column name ends with a point when it is integral.
SELECT 255 AS a, 256 AS b, -128 AS c, -129 AS d, 0x10 AS e, 010 AS f, 0x1p4 AS g, 0x1.8p1 AS h, 0xAp-2 AS i, toTypeName(a), toTypeName(b), toTypeName(c), toTypeName(d), toTypeName(e), toTypeName(g);
SELECT 0xFFFFFFFFFFFFFFFF AS a, 0x10000000000000000 AS b, -0x8000000000000000 AS c, -0x8000000000000001 AS d, toTypeName(a), toTypeName(b), toTypeName(c), toTypeName(d);
SELECT 18446744073709551616 AS a, -9223372036854775809 AS b, 1e-400 AS c, toTypeName(a), toTypeName(b);
SELECT 1e400; -- { serverError 62 }
SELECT 1.5e20, 1e-5, 0.1, inf, -inf, nan, 1e300, 123456789012345678901234567890, 2.0, -0., .5, 0.5e1, -18446744073709551615 FORMAT TSVWithNames;
SELECT 1e3 + 1, 0x1P-1 * 4, -0x10 FORMAT TSVWithNamesAndTypes;
