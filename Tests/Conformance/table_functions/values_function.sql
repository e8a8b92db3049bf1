SELECT * FROM values('x UInt8, s String', (1, 'a'), (2, 'b'));
SELECT x * 2 FROM values('x Int32', 5, -7) ORDER BY x;
SELECT toTypeName(x), x, d FROM values('x Float32, d Date', (1.5, '2024-01-02'));
