SELECT 1;
SELECT 1 + 1, 1 - 2, 7 / 2, 7 % 3, -5, 2.5 * 2 FORMAT TSVWithNames;
SELECT 'tab\there', 'quote''s', 'back\\slash';
SELECT 0.1 + 0.2, 1 / 3, 2 / 1;
SELECT 1e21, 1e20, 1e-7, 0.000001, 123456789.125, 5e-324;
SELECT 1 / 0, -1 / 0, 0 / 0;
