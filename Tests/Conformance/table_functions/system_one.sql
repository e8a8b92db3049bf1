SELECT * FROM system.one;
SELECT dummy + 1 FROM system.one;
SELECT 1 FROM system.one WHERE dummy = 0;
