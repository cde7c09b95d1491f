/// A calendar day (proleptic Gregorian, no time zone), stored as days since 1970-01-01.
///
/// Cost rows carry days, not instants: cost details write `MM/dd/yyyy`, FOCUS writes UTC
/// midnights. A `Day` is cheap to compare and to use as a grouping key.
public struct Day: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let daysSinceEpoch: Int32

    /// Creates a day from a count of days since 1970-01-01.
    public init(daysSinceEpoch: Int32) { self.daysSinceEpoch = daysSinceEpoch }

    /// Creates a day from its parts; `nil` when the date does not exist (for example 2023-02-30).
    public init?(year: Int, month: Int, day: Int) {
        guard year >= 1 && year <= 9999, month >= 1 && month <= 12, day >= 1 else { return nil }
        guard day <= Day.daysInMonth(year: year, month: month) else { return nil }
        // Days from civil, after Howard Hinnant's algorithm.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        self.daysSinceEpoch = Int32(era * 146_097 + doe - 719_468)
    }

    /// The year, month and day of month.
    public var parts: (year: Int, month: Int, day: Int) {
        let z = Int(daysSinceEpoch) + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The year.
    public var year: Int { parts.year }
    /// The month, 1 to 12.
    public var month: Int { parts.month }
    /// The day of the month, 1 to 31.
    public var day: Int { parts.day }

    /// The day `count` days later (earlier when negative).
    public func adding(days count: Int) -> Day { Day(daysSinceEpoch: daysSinceEpoch + Int32(count)) }

    /// The day's month, `2026-10`: as billing periods, `EA 2026-10` lines and `--period` name it.
    public var yearMonth: String { "\(Day.pad(year, 4))-\(Day.pad(month, 2))" }

    /// The first day of the month `yearMonth` names, written as ``yearMonth`` writes it
    /// (`2026-10`: four digits, a dash, two); nil for anything else (`2026-9`, `2026-10-01`).
    public init?(yearMonth text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) }), let year = Int(parts[0]), let month = Int(parts[1]),
            let day = Day(year: year, month: month, day: 1)
        else { return nil }
        self = day
    }

    /// The first day of this day's month.
    public var firstOfMonth: Day {
        let p = parts
        return Day(year: p.year, month: p.month, day: 1) ?? self
    }

    /// ISO 8601: `2026-10-31`.
    public var description: String {
        let p = parts
        return Day.pad(p.year, 4) + "-" + Day.pad(p.month, 2) + "-" + Day.pad(p.day, 2)
    }

    /// Days sort by date.
    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.daysSinceEpoch < rhs.daysSinceEpoch }

    /// The number of days in a month.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

extension Day: Codable {
    /// Decodes `yyyy-MM-dd`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let day = Day.parse(text) else {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not a date (yyyy-MM-dd)"
            )
        }
        self = day
    }

    /// Encodes as `yyyy-MM-dd`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
