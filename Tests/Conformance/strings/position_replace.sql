SELECT position('hello world', 'world'), replaceAll('a-b-c', '-', '+'), replaceOne('a-b-c', '-', '+');
SELECT trim('  x  '), splitByChar(',', 'a,b,c');
