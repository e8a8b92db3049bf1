CREATE TABLE c (ts DateTime, id UUID, name String, cost Float64, flag UInt8) ENGINE = MergeTree() ORDER BY ts;
INSERT INTO c FORMAT CSV
2026-11-20 10:05:00,123e4567-e89b-12d3-a456-426614174000,"a,b",0.192,1
"2026-11-20 10:06:00","00000000-0000-0000-0000-000000000001","say ""hi""",,
;
SELECT * FROM c ORDER BY ts;
INSERT INTO c FORMAT CSVWithNames
"name","cost"
"x",2.5
;
SELECT name, cost, ts FROM c ORDER BY name;
