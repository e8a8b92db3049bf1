SELECT ifNull(NULL, 1), coalesce(NULL, NULL, 3), isNull(NULL), isNotNull(1);
