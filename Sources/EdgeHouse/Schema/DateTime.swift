/// Calendar arithmetic for ClickHouse `DateTime` values (UInt32 seconds, UTC).
///
/// Pure integer math (Howard Hinnant's `civil_from_days`): no Foundation calendars on the insert
/// path, where `toYYYYMM` runs once per row.
public enum DateTime {
    public static let secondsPerDay: UInt32 = 86_400

    /// `toYYYYMM(t)`, e.g. 202611.
    public static func yyyymm(_ seconds: UInt32) -> UInt32 { yyyymm(days: Int64(seconds / secondsPerDay)) }

    /// `toYYYYMM` of a day number (days since 1970-01-01).
    public static func yyyymm(days: Int64) -> UInt32 {
        let (year, month, _) = civil(days: days)
        return UInt32(year * 100 + month)
    }

    /// `toStartOfHour(t)`.
    public static func startOfHour(_ seconds: UInt32) -> UInt32 { seconds - seconds % 3600 }

    /// `toStartOfDay(t)`.
    public static func startOfDay(_ seconds: UInt32) -> UInt32 { seconds - seconds % secondsPerDay }

    /// The first second of a `toYYYYMM` month and the first second of the next month; the range
    /// of a monthly partition.
    public static func monthRange(yyyymm: UInt32) -> Range<Int64> {
        let year = Int64(yyyymm / 100), month = Int64(yyyymm % 100)
        let start = days(year: year, month: month, day: 1) * Int64(secondsPerDay)
        let next = month == 12 ? days(year: year + 1, month: 1, day: 1) : days(year: year, month: month + 1, day: 1)
        return start..<next * Int64(secondsPerDay)
    }

    /// `YYYY-MM-DD hh:mm:ss`, as ClickHouse prints a `DateTime`.
    public static func format(_ seconds: UInt32) -> String {
        let (year, month, day) = civil(days: Int64(seconds / secondsPerDay))
        let rest = seconds % secondsPerDay
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(year)-\(two(month))-\(two(day)) \(two(Int64(rest / 3600))):\(two(Int64(rest / 60 % 60))):\(two(Int64(rest % 60)))"
    }

    /// Parses `YYYY-MM-DD hh:mm:ss` (or `YYYY-MM-DD`). Impossible dates (month 13, February 30)
    /// and values outside `DateTime`'s range are `nil`, as ClickHouse 26.9 rejects them.
    /// `YYYY-MM-DD` of a `Date` (days since 1970-01-01).
    public static func formatDate(_ days: UInt16) -> String {
        let (year, month, day) = civil(days: Int64(days))
        return "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    public static func parse(_ text: String) -> UInt32? {
        let b = Array(text.utf8)
        guard b.count == 19 || b.count == 10 else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var v: Int64 = 0
            for i in range {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                v = v * 10 + Int64(b[i] - 48)
            }
            return v
        }
        guard let year = number(0..<4), b[4] == UInt8(ascii: "-"), let month = number(5..<7),
              b[7] == UInt8(ascii: "-"), let day = number(8..<10) else { return nil }
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0
        if b.count == 19 {
            guard b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"), let h = number(11..<13),
                  b[13] == UInt8(ascii: ":"), let m = number(14..<16), b[16] == UInt8(ascii: ":"),
                  let s = number(17..<19), h < 24, m < 60, s < 60 else { return nil }
            (hour, minute, second) = (h, m, s)
        }
        guard (1...12).contains(month), day >= 1, day <= daysIn(year: year, month: month) else { return nil }
        let total = days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        guard total >= 0, total <= Int64(UInt32.max) else { return nil }
        return UInt32(total)
    }

    /// `YYYY-MM-DD hh:mm:ss` straight from bytes, without building a String (the ingest path).
    static func parseCanonical(_ b: ArraySlice<UInt8>) -> UInt32? {
        let s = b.startIndex
        func digit(_ i: Int) -> Int64? {
            let c = b[s + i]
            return c >= 48 && c <= 57 ? Int64(c - 48) : nil
        }
        func number(_ from: Int, _ count: Int) -> Int64? {
            var v: Int64 = 0
            for i in from..<from + count {
                guard let d = digit(i) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard b[s + 4] == UInt8(ascii: "-"), b[s + 7] == UInt8(ascii: "-"), b[s + 10] == UInt8(ascii: " ") || b[s + 10] == UInt8(ascii: "T"),
              b[s + 13] == UInt8(ascii: ":"), b[s + 16] == UInt8(ascii: ":"),
              let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
              let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2),
              (1...12).contains(month), day >= 1, day <= daysIn(year: year, month: month), hour < 24, minute < 60, second < 60 else { return nil }
        let total = days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        guard total >= 0, total <= Int64(UInt32.max) else { return nil }
        return UInt32(total)
    }

    static func daysIn(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a civil date.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The civil date of a day number since 1970-01-01.
    static func civil(days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
