CREATE TABLE bad (a UInt8) ENGINE = Memory ORDER BY a; -- { serverError 36 }
CREATE TABLE bad2 (a UInt8) ENGINE = NoSuchEngine; -- { serverError 56 }
SELECT 1;
