SELECT 'a\tb' FORMAT TSVRaw;
SELECT number FROM numbers(2) FORMAT JSONCompact;
