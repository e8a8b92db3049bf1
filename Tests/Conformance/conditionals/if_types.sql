SELECT if(1, 1.5, 2), if(0, toDate('2024-01-01'), toDate('2024-01-02'));
