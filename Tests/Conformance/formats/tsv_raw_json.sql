SET output_format_write_statistics = 0;
SELECT 'a\tb' FORMAT TSVRaw;
SELECT number FROM numbers(2) FORMAT JSONCompact;
