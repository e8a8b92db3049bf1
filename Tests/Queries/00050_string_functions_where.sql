CREATE TABLE sf (k UInt32, s String) ENGINE = MergeTree() ORDER BY k;
INSERT INTO sf VALUES (1, 'alpha'), (2, 'beta'), (3, 'alphabet'), (4, 'gamma_1'), (5, 'gamma%2');
SELECT k FROM sf WHERE s LIKE 'alpha%' ORDER BY k;
SELECT k FROM sf WHERE s LIKE '_eta';
SELECT k FROM sf WHERE s LIKE 'gamma\_1';
SELECT k FROM sf WHERE s NOT LIKE '%a%' ORDER BY k;
SELECT toString(k) AS t FROM sf WHERE k = 3;
