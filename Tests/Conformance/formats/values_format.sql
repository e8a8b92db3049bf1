SELECT number, 'it''s' FROM numbers(2) FORMAT Values;
