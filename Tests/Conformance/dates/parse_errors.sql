SELECT toDate('2024-02-30');
SELECT toDateTime('not a time'); -- { serverError 41 }
SELECT toDate('x'); -- { serverError 38 }
