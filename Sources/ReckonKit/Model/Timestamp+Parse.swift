/// Why a text is not a date in a form Reckon reads.
public struct TimestampParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text as given.
    public let text: String
    /// What is wrong with it: "month 13 is out of range".
    public let reason: String

    /// Creates an error.
    public init(text: String, reason: String) {
        self.text = text
        self.reason = reason
    }

    /// The message for the user: the text, the reason and the accepted forms.
    public var description: String {
        "\"\(text)\" is not an ISO 8601 date (\(reason)); expected a form such as 2024-01-31, "
            + "2024-01-31T00:00:00Z or 2019-07-07T00:00:00.0000000-07:00"
    }
}

extension Timestamp {
    /// Parses the ISO 8601 forms Azure's JSON APIs write.
    ///
    /// Accepted, with surrounding ASCII whitespace ignored:
    /// - a date: `2024-01-01`;
    /// - a date, `T` (or `t` or one space), and a time with or without seconds and with any number of
    ///   fraction digits: `2018-01-16T17:32:28`, `2024-01-01T00:00`, `2019-10-30T00:00:00.0000000`;
    /// - optionally followed by a zone: `Z`, `z`, `+05:30`, `-0700` or `-07`.
    ///
    /// Any time on `0001-01-01` (for example `0001-01-01T00:00:00`, .NET's `DateTime.MinValue`, which
    /// Azure writes for "not set") gives `nil`.
    ///
    /// - Returns: the timestamp, or `nil` for the "not set" sentinel.
    /// - Throws: ``TimestampParseError`` naming the part that is wrong.
    public static func parse(_ text: String) throws(TimestampParseError) -> Timestamp? {
        let bytes = Array(text.trimmingASCIIWhitespace().utf8)
        var index = 0

        func fail(_ reason: String) -> TimestampParseError { TimestampParseError(text: text, reason: reason) }
        func digits(_ count: Int, _ what: String) throws(TimestampParseError) -> Int {
            var value = 0
            for _ in 0..<count {
                guard index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 else {
                    throw fail("expected \(count) digits for the \(what)")
                }
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            return value
        }
        func expect(_ byte: UInt8, _ what: String) throws(TimestampParseError) {
            guard index < bytes.count, bytes[index] == byte else { throw fail("expected \(what)") }
            index += 1
        }

        if bytes.isEmpty { throw fail("the text is empty") }
        let year = try digits(4, "year")
        try expect(UInt8(ascii: "-"), "'-' after the year")
        let month = try digits(2, "month")
        try expect(UInt8(ascii: "-"), "'-' after the month")
        let dayOfMonth = try digits(2, "day")
        guard (1...12).contains(month) else { throw fail("month \(month) is out of range") }
        guard let day = Day(year: year, month: month, day: dayOfMonth) else {
            throw fail("day \(dayOfMonth) does not exist in \(year)-\(Timestamp.pad(month, 2))")
        }
        let isSentinel = year == 1 && month == 1 && dayOfMonth == 1
        if index == bytes.count { return isSentinel ? nil : Timestamp(day: day) }

        let separator = bytes[index]
        guard separator == UInt8(ascii: "T") || separator == UInt8(ascii: "t") || separator == 0x20 else {
            throw fail("expected 'T' between the date and the time")
        }
        index += 1
        let hour = try digits(2, "hour")
        try expect(UInt8(ascii: ":"), "':' after the hour")
        let minute = try digits(2, "minute")
        var second = 0
        var nanosecond = 0
        if index < bytes.count && bytes[index] == UInt8(ascii: ":") {
            index += 1
            second = try digits(2, "second")
            if index < bytes.count && (bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",")) {
                index += 1
                var count = 0
                while index < bytes.count && bytes[index] >= 0x30 && bytes[index] <= 0x39 {
                    if count < 9 { nanosecond = nanosecond * 10 + Int(bytes[index] - 0x30) }
                    count += 1
                    index += 1
                }
                guard count > 0 else { throw fail("expected digits after the decimal point of the seconds") }
                for _ in count..<max(count, 9) { nanosecond *= 10 }
            }
        }
        guard let time = TimeOfDay(hour: hour, minute: minute, second: second, nanosecond: nanosecond) else {
            throw fail(
                "the time \(Timestamp.pad(hour, 2)):\(Timestamp.pad(minute, 2)):\(Timestamp.pad(second, 2)) is out of range"
            )
        }

        var offset: Int?
        if index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                index += 1
                offset = 0
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let negative = bytes[index] == UInt8(ascii: "-")
                index += 1
                let offsetHours = try digits(2, "hours of the UTC offset")
                var offsetMinutes = 0
                if index < bytes.count {
                    if bytes[index] == UInt8(ascii: ":") { index += 1 }
                    offsetMinutes = try digits(2, "minutes of the UTC offset")
                }
                guard offsetHours <= 23, offsetMinutes <= 59 else { throw fail("the UTC offset is out of range") }
                let total = offsetHours * 60 + offsetMinutes
                offset = negative ? -total : total
            default: throw fail("unexpected text after the time; expected 'Z', an offset such as -07:00, or nothing")
            }
        }
        guard index == bytes.count else { throw fail("unexpected text after the UTC offset") }
        return isSentinel ? nil : Timestamp(day: day, time: time, utcOffsetMinutes: offset)
    }
}
