SELECT toString(1.5), toString(0.1 + 0.2), toString(1e21), toString(-0.);
SELECT toFloat32(1.1), toFloat64('1e3'), toFloat32('nan'), toFloat64(toFloat32(0.1));
SELECT toString(toDate('2020-01-02')), toString(toDateTime('2020-01-02 03:04:05'));
