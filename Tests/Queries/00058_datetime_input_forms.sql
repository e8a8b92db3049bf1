CREATE TABLE dt (t DateTime) ENGINE = MergeTree() ORDER BY t;
INSERT INTO dt VALUES ('2026-11-20 10:05:00'), ('2026-11-20T10:06:00'), ('2026-11-20 10:07:00.789'), ('2026-11-20'), ('2026-11-20T10:08:00Z');
SELECT t FROM dt;
INSERT INTO dt VALUES ('2026-02-30 10:00:00'); -- { serverError 41 }
INSERT INTO dt VALUES ('yesterday'); -- { serverError 41 }
SELECT count() FROM dt;
