SELECT quantileTiming(0.5)(number) FROM numbers(100);
SELECT median(number) FROM numbers(5);
