SELECT number, 'a,b' AS s FROM numbers(2) FORMAT CSV;
SELECT number, 'a\tb' AS s FROM numbers(2) FORMAT TSV;
SELECT number AS n FROM numbers(2) FORMAT TSVWithNames;
SELECT number AS n FROM numbers(2) FORMAT CSVWithNames;
SELECT number AS n FROM numbers(1) FORMAT TSVWithNamesAndTypes;
