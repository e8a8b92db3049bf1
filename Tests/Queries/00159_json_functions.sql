-- JSON functions over String values: paths of keys and 1-based (or negative) indexes, numbers
-- classified and converted as 26.9 converts them, raw values re-serialized, invalid JSON and
-- missing paths giving the type's default.
CREATE TABLE js (id UInt32, doc String) ENGINE = MergeTree ORDER BY id;
INSERT INTO js VALUES (1, '{"a":"hello","b":[-100,200.5,300],"c":{"d":true,"e":null,"f":"x\\ny\\u00e9"},"g":1e3,"h":"12","i":-7.9,"j":18446744073709551615,"k":false}'), (2, '{"a":"x","a":"y","b":[],"c":{}}'), (3, 'not json'), (4, '[1, 2 ,3]'), (5, '{"a" : [ 1 , 2 ] , "q":"q\\"b\\\\s\\/t\\tc\\u0001e\\ud83d\\ude00"}'), (6, '');
SELECT id, JSONHas(doc, 'a'), JSONLength(doc), JSONLength(doc, 'b'), JSONExtractString(doc, 'a'), JSONExtractRaw(doc, 'b'), JSONExtractKeys(doc) FROM js ORDER BY id;
SELECT id, JSONExtractInt(doc, 'b', 1), JSONExtractInt(doc, 'b', -1), JSONExtractUInt(doc, 'j'), JSONExtractFloat(doc, 'b', 2), JSONExtractBool(doc, 'c', 'd'), JSONExtractRaw(doc, 'c'), JSONExtractRaw(doc, 'q') FROM js ORDER BY id;
SELECT id, JSONExtractInt(doc, 'g'), JSONExtractInt(doc, 'h'), JSONExtractInt(doc, 'i'), JSONExtractUInt(doc, 'i'), JSONExtractFloat(doc, 'h'), JSONExtractString(doc, 'g'), JSONExtractString(doc, 'c', 'd'), JSONExtractString(doc, 'c', 'e'), JSONHas(doc, 'c', 'e') FROM js ORDER BY id;
SELECT JSONExtractString(doc, 2), JSONExtractInt(doc, 'b', 0), JSONExtractString(doc, 'c', 'f'), JSONLength(doc, 'c') FROM js WHERE id = 1;
SELECT JSONExtractInt('{"a":1.9e1}', 'a'), JSONExtractInt('{"a":9.3e18}', 'a'), JSONExtractInt('{"a":"-5"}', 'a'), JSONExtractUInt('{"a":-5}', 'a'), JSONExtractInt('{"a":"1.5"}', 'a'), JSONExtractInt('{"a":" 7"}', 'a');
SELECT JSONExtractRaw('{"a":1.5e-7}', 'a'), JSONExtractRaw('{"a":-0.0}', 'a'), JSONExtractRaw('{"a":12345678901234567890123}', 'a'), JSONExtractRaw('{"a":100000000000000000000.0}', 'a'), JSONExtractRaw('{"a":0.1}', 'a'), JSONExtractString('{"a":1e300}', 'a');
SELECT JSONHas('{"a":1} x', 'a'), JSONExtractString('[1,2', 1), JSONExtractString('{"a":{"b":"c"}}', -1, -1), JSONExtractString('{"a":{"b":"c"}}', 1, 'b'), toTypeName(JSONExtractKeys('{}')), JSONExtractString('{"a":01}', 'a'), JSONHas('{"a":[1,]}', 'a');
-- Invalid UTF-8 anywhere makes the document invalid.
SELECT JSONExtractString(unhex('7B2261223A22FF227D'), 'a'), JSONHas(unhex('7B2261223A22FF227D'), 'a'), JSONExtractRaw(unhex('7B2261223A22FF227D')), JSONLength(unhex('7B22FF223A317D')), JSONExtractString(unhex('7B2261223A22C3A9227D'), 'a');
-- Values nest at most 1024 deep, the innermost counted.
SELECT JSONLength(repeat('[', 1024) || repeat(']', 1024)), JSONLength(repeat('[', 1025) || repeat(']', 1025)), JSONLength(repeat('{"a":', 1023) || '1' || repeat('}', 1023)), JSONLength(repeat('{"a":', 1024) || '1' || repeat('}', 1024));
SELECT JSONExtractString(1, 'a'); -- { serverError 43 }
SELECT JSONExtractString('{}', 1.5); -- { serverError 43 }
DROP TABLE js;
