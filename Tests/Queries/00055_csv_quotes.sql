CREATE TABLE cq (k UInt32, s String, t DateTime) ENGINE = MergeTree() ORDER BY k;
INSERT INTO cq FORMAT CSV
1,'single quoted',2026-11-20 10:00:00
2,"double ""quoted""","2026-11-20 11:00:00"
3,unquoted text,2026-11-20 12:00:00
;
SELECT * FROM cq ORDER BY k;
SELECT * FROM cq ORDER BY k FORMAT CSV;
