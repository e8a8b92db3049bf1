CREATE TABLE ea (k UInt32, v UInt32) ENGINE = MergeTree() ORDER BY k;
INSERT INTO ea VALUES (1, 1);
SELECT k FROM ea WHERE sum(v) > 1; -- { serverError 184 }
SELECT sum(sum(v)) FROM ea; -- { serverError 184 }
SELECT k, v FROM ea GROUP BY k; -- { serverError 215 }
SELECT nope, count() FROM ea GROUP BY nope; -- { serverError 47 }
SELECT count() FROM ea GROUP BY k ORDER BY nope; -- { serverError 47 }
SELECT toStartOfHour('x'); -- { serverError 43 }
SELECT 1 % 0; -- { serverError 153 }
SELECT k FROM ea;
