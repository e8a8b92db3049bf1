SELECT * FROM values('x UInt8, s String', (1, 'a'), (2, 'b'));
