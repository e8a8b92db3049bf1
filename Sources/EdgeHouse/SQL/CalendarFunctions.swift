/// Date and time functions beyond the dashboards' (`toStartOfHour`, `toYYYYMM`, …): calendar
/// arithmetic, differences, truncations and `formatDateTime`, all in UTC as EdgeHouse keeps time.
enum CalendarFunction: Sendable, Equatable {
    /// `addDays`, `subtractHours`, …: a signed amount of a unit.
    case add(CalendarUnit)
    /// `dateDiff('unit', a, b)`: unit boundaries crossed from `a` to `b`.
    case difference(CalendarUnit)
    case startOfMonth, startOfQuarter, startOfYear, monday, startOfWeek
    /// `toStartOfFiveMinutes` and the like: the start of the `seconds`-long slot.
    case startOfSlot(seconds: UInt32)
    /// `toStartOfInterval(t, INTERVAL n unit)`: the start of the `n`-unit interval `t` is in.
    case startOfInterval(CalendarUnit, Int64)
    /// `toStartOfInterval(t, INTERVAL n unit, origin)`: intervals counted from `origin` (in
    /// seconds; a Date's at its midnight), the answer of `t`'s type.
    case startOfIntervalFromOrigin(CalendarUnit, Int64, origin: Int64)
    case dayOfYear, quarter, unixTimestamp, relativeDayNumber, relativeHourNumber
    /// `toDayOfWeek(t, mode)`: by `mode & 3`, Monday 1 … Sunday 7, Monday 0 … Sunday 6,
    /// Sunday 0 … Saturday 6, or Sunday 1 … Saturday 7.
    case dayOfWeek(mode: UInt8)
    case format(pattern: [FormatPiece])

    /// A piece of a `formatDateTime` pattern: text as is, or a field.
    enum FormatPiece: Sendable, Equatable {
        case literal(String)
        case field(Character)
    }

    /// `formatDateTime`'s fields (MySQL's, with ClickHouse 26.9's `%M`: the month's name).
    static let formatFields: Set<Character> = ["Y", "m", "d", "H", "M", "S", "F", "T", "y", "e", "j", "D", "I", "p", "i", "s",
                                               "u", "w", "R", "a", "b", "h", "c", "l", "k", "Q", "W"]

    func apply(_ args: [ColumnValues], rows: Int) throws(SQLError) -> ColumnValues {
        let times = Self.seconds(args[0])
        switch self {
        case .add(let unit):
            let amounts = Numeric.int64s(args[1])
            if case .date(let days) = args[0], unit.isCalendarDay {
                return .date((0..<rows).map { UInt16(truncatingIfNeeded: unit.added(amounts[$0], toDays: Int64(days[$0]))) })
            }
            return .dateTime((0..<rows).map { UInt32(truncatingIfNeeded: unit.added(amounts[$0], toSeconds: times[$0])) })
        case .difference(let unit):
            let later = Self.seconds(args[1])
            return .int64((0..<rows).map { unit.ordinal(of: later[$0]) - unit.ordinal(of: times[$0]) })
        case .startOfMonth, .startOfQuarter, .startOfYear:
            return .date(times.map { seconds in
                let (year, month, _) = DateTime.civil(days: seconds / 86_400)
                let first = self == .startOfYear ? 1 : self == .startOfQuarter ? (month - 1) / 3 * 3 + 1 : month
                return UInt16(truncatingIfNeeded: DateTime.days(year: year, month: first, day: 1))
            })
        case .monday, .startOfWeek:
            // 1970-01-01 was a Thursday: Monday-based weeks start 3 days before it, Sunday-based 4.
            let shift: Int64 = self == .monday ? 3 : 4
            // (Not before 1970-01-01, which ClickHouse's Date cannot go below.)
            return .date(times.map { UInt16(truncatingIfNeeded: max(0, ($0 / 86_400 + shift) / 7 * 7 - shift)) })
        case .startOfSlot(let length):
            return .dateTime(times.map { UInt32(truncatingIfNeeded: $0 - $0 % Int64(length)) })
        case .startOfInterval(let unit, let count):
            return Self.startOfInterval(times, unit: unit, count: count)
        case .startOfIntervalFromOrigin(let unit, let count, let origin):
            var starts = [Int64]()
            starts.reserveCapacity(rows)
            for time in times {
                guard time >= origin else {
                    throw .badValue(.badArguments, message: "The origin must be before the end date / date with time")
                }
                starts.append(origin + Self.intervalOffset(time - origin, unit: unit, count: count, origin: origin))
            }
            if case .date = args[0] { return .date(starts.map { UInt16(truncatingIfNeeded: $0 / 86_400) }) }
            return .dateTime(starts.map { UInt32(truncatingIfNeeded: $0) })
        case .dayOfYear:
            return .uint16(times.map { seconds in
                let days = seconds / 86_400
                return UInt16(days - DateTime.days(year: DateTime.civil(days: days).year, month: 1, day: 1) + 1)
            })
        case .quarter: return .uint8(times.map { UInt8((DateTime.civil(days: $0 / 86_400).month - 1) / 3 + 1) })
        case .dayOfWeek(let mode):
            return .uint8(times.map { seconds in
                // 1970-01-01 was a Thursday, day 3 of a week that starts on Monday.
                let fromMonday = UInt8((seconds / 86_400 + 3) % 7)
                switch mode & 3 {
                case 0: return fromMonday + 1
                case 1: return fromMonday
                case 2: return (fromMonday + 1) % 7
                default: return (fromMonday + 1) % 7 + 1
                }
            })
        case .unixTimestamp: return .uint32(times.map { UInt32(truncatingIfNeeded: $0) })
        case .relativeDayNumber: return .uint32(times.map { UInt32(truncatingIfNeeded: $0 / 86_400) })
        case .relativeHourNumber: return .uint32(times.map { UInt32(truncatingIfNeeded: $0 / 3600) })
        case .format(let pattern):
            return .string(StringColumn(times.map { seconds in pattern.map { Self.text(of: $0, at: seconds) }.joined() }))
        }
    }

    /// ClickHouse 26.9's intervals (`DateLUTImpl::toStartOf…Interval`): seconds and minutes
    /// counted from the epoch, hours from the day's start, days from the epoch, weeks from
    /// Monday 1970-01-05, months and quarters from January 1900, years from year 0; days and
    /// shorter give a DateTime, weeks and longer a Date (never before 1970-01-01).
    private static func startOfInterval(_ times: [Int64], unit: CalendarUnit, count: Int64) -> ColumnValues {
        func floored(_ value: Int64, _ step: Int64) -> Int64 { (value >= 0 ? value : value - step + 1) / step * step }
        func date(_ days: Int64) -> UInt16 { UInt16(clamping: max(0, days)) }
        switch unit {
        case .second, .minute:
            let step = count * (unit == .second ? 1 : 60)
            return .dateTime(times.map { UInt32(truncatingIfNeeded: floored($0, step)) })
        case .hour:
            return .dateTime(times.map { seconds in
                let day = floored(seconds, 86_400)
                return UInt32(truncatingIfNeeded: day + (seconds - day) / 3600 / count * count * 3600)
            })
        case .day:
            return .dateTime(times.map { UInt32(truncatingIfNeeded: floored($0 / 86_400, count) * 86_400) })
        case .week:
            return .date(times.map { date(floored($0 / 86_400 - 4, 7 * count) + 4) })
        case .month, .quarter:
            let months = count * (unit == .quarter ? 3 : 1)
            return .date(times.map { seconds in
                let (year, month, _) = DateTime.civil(days: seconds / 86_400)
                let index = floored((year - 1900) * 12 + month - 1, months)
                return date(DateTime.days(year: 1900 + index / 12, month: index % 12 + 1, day: 1))
            })
        case .year:
            return .date(times.map { date(DateTime.days(year: floored(DateTime.civil(days: $0 / 86_400).year, count), month: 1, day: 1)) })
        }
    }

    /// How far past `origin` the interval holding `origin + elapsed` starts, as ClickHouse 26.9
    /// counts it: seconds to days floor `elapsed` read as a time since the epoch (so hours
    /// restart every 24), weeks are 7-day intervals; months, quarters and years count whole
    /// months between the two dates (one fewer when `t`'s day of the month is earlier than the
    /// origin's, times of day aside) and land on the origin's day, or the month's last.
    private static func intervalOffset(_ elapsed: Int64, unit: CalendarUnit, count: Int64, origin: Int64) -> Int64 {
        switch unit {
        case .second, .minute:
            let step = count * (unit == .second ? 1 : 60)
            return elapsed / step * step
        case .hour:
            let day = elapsed / 86_400 * 86_400
            return day + (elapsed - day) / 3600 / count * count * 3600
        case .day, .week:
            let days = count * (unit == .week ? 7 : 1)
            return elapsed / 86_400 / days * days * 86_400
        case .month, .quarter, .year:
            let months = count * (unit == .year ? 12 : unit == .quarter ? 3 : 1)
            let start = DateTime.civil(days: origin / 86_400), end = DateTime.civil(days: (origin + elapsed) / 86_400)
            var whole = (end.year - start.year) * 12 + end.month - start.month
            if end.day < start.day { whole -= 1 }
            return (CalendarUnit.month.added(whole / months * months, toDays: origin / 86_400) - origin / 86_400) * 86_400
        }
    }

    /// Seconds since the epoch of a DateTime or Date column (a date at its midnight).
    private static func seconds(_ column: ColumnValues) -> [Int64] {
        if case .date(let days) = column { return days.map { Int64($0) * 86_400 } }
        return (column.dateTimes ?? []).map(Int64.init)
    }

    private static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    private static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                                 "October", "November", "December"]

    private static func text(of piece: FormatPiece, at seconds: Int64) -> String {
        guard case .field(let field) = piece else {
            if case .literal(let text) = piece { return text }
            return ""
        }
        let days = seconds / 86_400, secondOfDay = seconds % 86_400
        let (year, month, day) = DateTime.civil(days: days)
        let (hour, minute, second) = (secondOfDay / 3600, secondOfDay % 3600 / 60, secondOfDay % 60)
        let weekday = (days + 3) % 7  // 0 is Monday
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        let hour12 = hour % 12 == 0 ? 12 : hour % 12
        switch field {
        case "Y": return String(year)
        case "m": return two(month)
        case "d": return two(day)
        case "e": return String(day)  // ClickHouse 26.9 pads neither %e nor %k nor %l with a space
        case "H": return two(hour)
        case "k": return two(hour)
        case "I", "h", "l": return two(hour12)
        case "i": return two(minute)
        case "S", "s": return two(second)
        case "p": return hour < 12 ? "AM" : "PM"
        case "y": return two(year % 100)
        case "F": return "\(year)-\(two(month))-\(two(day))"
        case "T": return "\(two(hour)):\(two(minute)):\(two(second))"
        case "R": return "\(two(hour)):\(two(minute))"
        case "D": return "\(two(month))/\(two(day))/\(two(year % 100))"
        case "j":
            let ordinal = days - DateTime.days(year: year, month: 1, day: 1) + 1
            return String(repeating: "0", count: 3 - String(ordinal).count) + String(ordinal)
        case "u": return String(weekday + 1)
        case "w": return String((weekday + 1) % 7)
        case "a": return String(weekdays[Int(weekday)].prefix(3))
        case "W": return weekdays[Int(weekday)]
        case "b": return String(months[Int(month - 1)].prefix(3))
        case "M": return months[Int(month - 1)]
        case "c": return two(month)
        case "Q": return String((month - 1) / 3 + 1)
        default: return ""
        }
    }

    /// Splits a `formatDateTime` pattern; ClickHouse's error 36 for a field it does not have.
    static func pattern(_ text: String) throws(SQLError) -> [FormatPiece] {
        var pieces = [FormatPiece]()
        var literal = ""
        var characters = text.makeIterator()
        while let character = characters.next() {
            guard character == "%" else {
                literal.append(character)
                continue
            }
            guard let field = characters.next() else {
                throw .badValue(.badArguments, message: "Incorrect syntax '\(text)', symbol is not supported '%' for function formatDateTime")
            }
            switch field {
            case "%": literal.append("%")
            case "n": literal.append("\n")
            case "t": literal.append("\t")
            case _ where formatFields.contains(field):
                if !literal.isEmpty { pieces.append(.literal(literal)) }
                literal = ""
                pieces.append(.field(field))
            default:
                throw .badValue(.badArguments, message: "Incorrect syntax '\(text)', symbol is not supported '\(field)' for function formatDateTime")
            }
        }
        if !literal.isEmpty { pieces.append(.literal(literal)) }
        return pieces
    }
}

/// A unit of calendar arithmetic and of `dateDiff`.
enum CalendarUnit: String, Sendable, Equatable {
    case second, minute, hour, day, week, month, quarter, year

    /// `dateDiff`'s unit names: singular, plural and ClickHouse's abbreviations.
    init?(dateDiffName name: String) {
        let aliases: [String: CalendarUnit] = ["ss": .second, "s": .second, "mi": .minute, "n": .minute, "hh": .hour, "h": .hour,
                                              "dd": .day, "d": .day, "wk": .week, "ww": .week, "mm": .month, "m": .month,
                                              "qq": .quarter, "q": .quarter, "yyyy": .year, "yy": .year]
        let lowered = name.lowercased()
        guard let unit = aliases[lowered] ?? CalendarUnit(rawValue: lowered.hasSuffix("s") ? String(lowered.dropLast()) : lowered) else { return nil }
        self = unit
    }

    /// Days, weeks, months, quarters and years move a Date to a Date; the others make a DateTime.
    var isCalendarDay: Bool { ![.second, .minute, .hour].contains(self) }

    private var fixedSeconds: Int64? {
        switch self {
        case .second: 1
        case .minute: 60
        case .hour: 3600
        case .day: 86_400
        case .week: 604_800
        default: nil
        }
    }

    private var months: Int64 { self == .year ? 12 : self == .quarter ? 3 : 1 }

    /// `days` plus `amount` units (months past a short month's end land on its last day).
    func added(_ amount: Int64, toDays days: Int64) -> Int64 {
        if let seconds = fixedSeconds { return days &+ amount &* (seconds / 86_400) }
        let (year, month, day) = DateTime.civil(days: days)
        let index = year * 12 + (month - 1) + amount &* months
        let (newYear, newMonth) = (index >= 0 ? index / 12 : (index - 11) / 12, (index % 12 + 12) % 12 + 1)
        return DateTime.days(year: newYear, month: newMonth, day: min(day, DateTime.daysIn(year: newYear, month: newMonth)))
    }

    func added(_ amount: Int64, toSeconds seconds: Int64) -> Int64 {
        if let unit = fixedSeconds { return seconds &+ amount &* unit }
        return added(amount, toDays: seconds / 86_400) * 86_400 + seconds % 86_400
    }

    /// The number of the unit a time falls in, counted from the epoch (weeks start on Monday).
    func ordinal(of seconds: Int64) -> Int64 {
        if self == .week { return (seconds / 86_400 + 3) / 7 }
        if let unit = fixedSeconds { return seconds / unit }
        let (year, month, _) = DateTime.civil(days: seconds / 86_400)
        switch self {
        case .year: return year
        case .quarter: return year * 4 + (month - 1) / 3
        default: return year * 12 + month - 1
        }
    }
}

extension Binder {
    /// Calendar functions of one DateTime or Date argument, and the types they return.
    private static let singleArgumentCalendarFunctions: [String: (CalendarFunction, ColumnType)] = [
        "toStartOfMonth": (.startOfMonth, .date), "toStartOfQuarter": (.startOfQuarter, .date), "toStartOfYear": (.startOfYear, .date),
        "toMonday": (.monday, .date), "toStartOfWeek": (.startOfWeek, .date),
        "toStartOfFiveMinutes": (.startOfSlot(seconds: 300), .dateTime), "toStartOfFiveMinute": (.startOfSlot(seconds: 300), .dateTime),
        "toStartOfTenMinutes": (.startOfSlot(seconds: 600), .dateTime), "toStartOfFifteenMinutes": (.startOfSlot(seconds: 900), .dateTime),
        "toDayOfYear": (.dayOfYear, .uint16), "toQuarter": (.quarter, .uint8), "toUnixTimestamp": (.unixTimestamp, .uint32),
        "toRelativeDayNum": (.relativeDayNumber, .uint32), "toRelativeHourNum": (.relativeHourNumber, .uint32),
    ]

    /// Binds a date or time function, or `nil` when `name` is not one.
    /// The names ClickHouse knows UTC by.
    private static let utcTimeZones: Set<String> = ["UTC", "Etc/UTC", "UCT", "Etc/UCT", "GMT", "Etc/GMT", "GMT0", "Etc/GMT0", "Etc/GMT+0",
                                                    "Etc/GMT-0", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu", "Greenwich", "Etc/Greenwich"]

    /// Where the functions that take a time zone take it (`toStartOfHour(t, 'UTC')`: second).
    private static let timeZonePositions: [String: Int] = {
        var positions = ["toStartOfInterval": 2, "formatDateTime": 2, "DATE_FORMAT": 2,
                         "dateDiff": 3, "date_diff": 3, "DATE_DIFF": 3, "timestampDiff": 3, "age": 3]
        for name in ["toDate", "toDateTime", "toString", "toStartOfHour", "toStartOfDay", "toStartOfMinute", "toYYYYMM", "toYear", "toMonth",
                     "toDayOfMonth", "toHour", "toMinute", "toSecond", "toYYYYMMDD", "toDayOfWeek"] + singleArgumentCalendarFunctions.keys {
            positions[name] = 1
        }
        positions["toStartOfWeek"] = 2  // after the week mode
        positions["toDayOfWeek"] = 2
        return positions
    }()

    /// `arguments` without the time zone the function takes (`toStartOfHour(t, 'UTC')`,
    /// `toDateTime(x, 'UTC')`). Every DateTime here is UTC, as on a ClickHouse server set to
    /// UTC, so naming UTC changes nothing; another zone would change the answers, and is refused
    /// rather than ignored.
    func droppingTimeZone(of name: String, _ arguments: [ASTExpression]) throws(SQLError) -> [ASTExpression] {
        // `toStartOfInterval(t, interval, origin, zone)`: the zone is fourth after an origin.
        let position = name == "toStartOfInterval" && arguments.count == 4 ? 3 : Self.timeZonePositions[name]
        guard let position, arguments.count == position + 1,
              case .string(let zone) = arguments[position] else { return arguments }
        guard Self.utcTimeZones.contains(zone) else {
            throw .notImplemented("the time zone '\(zone)' of \(name) (EdgeHouse keeps every DateTime in UTC)")
        }
        // A Date rounded to a Date has no time zone to apply: ClickHouse refuses one (code 43).
        if Self.dateTimeOnlyTimeZone.contains(name), try bind(arguments[0]).type == .date {
            let wording = name == "toStartOfWeek" ? "is DateTime or DateTime64" : "has the type DateTime or DateTime64"
            throw .illegalType("The timezone argument of function \(name) is allowed only when the 1st argument \(wording)")
        }
        return Array(arguments.prefix(position))
    }

    /// The origin of `toStartOfInterval(t, interval, origin [, time zone])`, in seconds: a
    /// constant of `t`'s type (the time zone, UTC, was taken off already; another third or
    /// fourth argument is refused with ClickHouse 26.9's code and wording).
    private func intervalOrigin(_ arguments: [ASTExpression], of type: ColumnType) throws(SQLError) -> Int64 {
        if arguments.count == 4 {
            let zone = try bind(arguments[3])
            throw .illegalType("Illegal type \(zone.type) of 4th argument of function toStartOfInterval. This argument is optional and must be a constant String with timezone name")
        }
        let origin = try bind(arguments[2])
        guard origin.type.isCalendar else {
            throw .illegalType("Illegal type \(origin.type) of 3rd argument of function toStartOfInterval. This argument is optional and must be a constant String with timezone name or a Date/Date32/DateTime/DateTime64 with a constant origin")
        }
        guard origin.type == type else {
            throw .illegalType("Datetime argument and origin argument for function toStartOfInterval must have the same type")
        }
        guard case .constant(let value) = origin else {
            throw .badValue(.illegalColumn, message: "Argument at index 2 for function toStartOfInterval must be constant")
        }
        if case .date(let days) = value { return Int64(days[0]) * 86_400 }
        return Int64(value.dateTimes?[0] ?? 0)
    }

    /// The functions that take a time zone only with a DateTime.
    private static let dateTimeOnlyTimeZone: Set<String> = ["toMonday", "toStartOfWeek", "toStartOfMonth", "toStartOfQuarter", "toStartOfYear"]

    func bindCalendarFunction(_ name: String, _ arguments: [ASTExpression]) throws(SQLError) -> BoundExpression? {
        func time(_ index: Int) throws(SQLError) -> BoundExpression {
            let bound = try bind(arguments[index])
            if case .constant(.string(let text)) = bound { return .constant(.dateTime([try ValueParser.dateTime(text.string(at: 0))])) }
            guard bound.type.isCalendar else {
                throw .illegalType("Illegal type \(bound.type) of argument of function \(name). Should be a date or a date with time")
            }
            return bound
        }
        func arity(_ count: Int) throws(SQLError) {
            guard arguments.count == count else {
                throw .badValue(.numberOfArgumentsDoesntMatch, message: "Number of arguments for function \(name) doesn't match: passed \(arguments.count), should be \(count).")
            }
        }
        // `toStartOfWeek(t, mode)` (the mode's lowest bit starts weeks on Monday) and
        // `toDayOfWeek(t, mode)`: the mode a constant UInt8.
        if name == "toStartOfWeek" || name == "toDayOfWeek", arguments.count == 2 {
            let mode = try bind(arguments[1])
            guard case .constant(.uint8(let values)) = mode else {
                throw .illegalType("A value of illegal type was provided as 2nd argument 'week_mode' to function '\(name)'. Expected: UInt8, got: \(mode.type)")
            }
            if name == "toDayOfWeek" { return .call(.calendar(.dayOfWeek(mode: values[0])), [try time(0)], .uint8) }
            return .call(.calendar(values[0] & 1 == 1 ? .monday : .startOfWeek), [try time(0)], .date)
        }
        if let (function, type) = Self.singleArgumentCalendarFunctions[name] {
            try arity(1)
            return .call(.calendar(function), [try time(0)], type)
        }
        for (prefix, sign) in [("add", Int64(1)), ("subtract", -1)] where name.hasPrefix(prefix) {
            let unitName = name.dropFirst(prefix.count).lowercased()
            guard let unit = CalendarUnit(rawValue: unitName.hasSuffix("s") ? String(unitName.dropLast()) : unitName) else { continue }
            try arity(2)
            let base = try time(0)
            var amount = try bind(arguments[1])
            guard amount.type.isNumeric else { throw .illegalType("Illegal type \(amount.type) of second argument of function \(name)") }
            if sign < 0 { amount = try Self.folded(.call(.negate, [amount], .int64)) }
            let type: ColumnType = base.type == .date && unit.isCalendarDay ? .date : .dateTime
            return .call(.calendar(.add(unit)), [base, amount], type)
        }
        switch name {
        case "toStartOfInterval":
            guard (2...4).contains(arguments.count) else {
                throw .badValue(.numberOfArgumentsDoesntMatch, message: "Number of arguments for function \(name) doesn't match: passed \(arguments.count), must be 2, 3 or 4")
            }
            guard case .interval(let amount, _, let unitName) = arguments[1], let unit = CalendarUnit(rawValue: unitName.lowercased()),
                  case .constant(let value) = try bind(amount), value.type.isNumeric, value.count == 1 else {
                throw .illegalType("Illegal type of second argument of function \(name). Should be an interval")
            }
            let count = Numeric.int64s(value)[0]
            // (Bounded, so that no count of seconds, weeks or months overflows.)
            guard count > 0, count <= Int64(Int32.max) else {
                throw .badValue(.argumentOutOfBound, message: "Value for second argument of function \(name) must be positive and at most \(Int32.max)")
            }
            let base = try time(0)
            if base.type == .date && !unit.isCalendarDay {
                throw .illegalType("Illegal interval kind for argument data type Date")
            }
            if arguments.count > 2 {
                let origin = try intervalOrigin(arguments, of: base.type)
                return .call(.calendar(.startOfIntervalFromOrigin(unit, count, origin: origin)), [base], base.type)
            }
            let type: ColumnType = unit.isCalendarDay && unit != .day ? .date : .dateTime
            return .call(.calendar(.startOfInterval(unit, count)), [base], type)
        case "dateDiff", "date_diff", "DATE_DIFF", "timestampDiff", "age":
            try arity(3)
            guard case .constant(.string(let unitName)) = try bind(arguments[0]),
                  let unit = CalendarUnit(dateDiffName: unitName.string(at: 0)) else {
                throw .badValue(.badArguments, message: "Function \(name) does not support '\(arguments[0].columnName)' unit")
            }
            return .call(.calendar(.difference(unit)), [try time(1), try time(2)], .int64)
        case "formatDateTime", "DATE_FORMAT":
            try arity(2)
            guard case .constant(.string(let pattern)) = try bind(arguments[1]) else {
                throw .illegalType("Illegal type of second argument of function formatDateTime: must be a constant string (the format)")
            }
            return .call(.calendar(.format(pattern: try CalendarFunction.pattern(pattern.string(at: 0)))), [try time(0)], .string)
        default:
            return nil
        }
    }
}
