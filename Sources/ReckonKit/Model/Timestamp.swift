/// A date with an optional time of day and UTC offset, as Azure's JSON APIs write them.
///
/// Azure mixes `2018-01-16T17:32:28Z`, `2019-10-30T00:00:00.0000000Z`, `2019-07-07T00:00:00-07:00`,
/// `2024-01-01T00:00Z` and plain `2024-01-01` (see ``parse(_:)``). A `Timestamp` keeps what the text
/// said: the calendar ``day`` as written, the ``time`` when there is one, and the ``utcOffsetMinutes``
/// when there is one. Billing fields such as invoice dates are days in practice, so reconciliation
/// should use ``day``; ``secondsSinceEpoch`` and ``utcDay`` are there to order instants.
public struct Timestamp: Hashable, Sendable, CustomStringConvertible {
    /// A time of day as written: hour, minute, second and a fraction in nanoseconds.
    public struct TimeOfDay: Hashable, Sendable {
        /// 0 to 23.
        public let hour: Int
        /// 0 to 59.
        public let minute: Int
        /// 0 to 59; 0 when the text had no seconds.
        public let second: Int
        /// 0 to 999 999 999; fraction digits beyond the ninth are cut off.
        public let nanosecond: Int

        /// Creates a time of day; `nil` when a part is out of range.
        public init?(hour: Int, minute: Int, second: Int = 0, nanosecond: Int = 0) {
            guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second),
                (0...999_999_999).contains(nanosecond)
            else { return nil }
            self.hour = hour
            self.minute = minute
            self.second = second
            self.nanosecond = nanosecond
        }

        /// Seconds since midnight, without the fraction.
        public var secondOfDay: Int { hour * 3600 + minute * 60 + second }
    }

    /// The calendar day as written (in the writer's time zone when the text has an offset).
    public let day: Day
    /// The time of day as written; `nil` for a date-only text such as `2024-01-01`.
    public let time: TimeOfDay?
    /// The UTC offset as written, in minutes east of UTC: 0 for `Z`, −420 for `-07:00`; `nil` when
    /// the text has none (such values are read as UTC by ``secondsSinceEpoch`` and ``utcDay``).
    public let utcOffsetMinutes: Int?

    /// Creates a timestamp from its parts.
    public init(day: Day, time: TimeOfDay? = nil, utcOffsetMinutes: Int? = nil) {
        self.day = day
        self.time = time
        self.utcOffsetMinutes = utcOffsetMinutes
    }

    /// Whole seconds since 1970-01-01T00:00:00Z; a missing time is midnight and a missing offset is UTC.
    public var secondsSinceEpoch: Int64 {
        let local = Int64(day.daysSinceEpoch) * 86_400 + Int64(time?.secondOfDay ?? 0)
        return local - Int64(utcOffsetMinutes ?? 0) * 60
    }

    /// The calendar day of the instant in UTC; for `2019-07-07T20:00:00-07:00` that is 2019-07-08.
    public var utcDay: Day {
        let seconds = secondsSinceEpoch
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        return Day(daysSinceEpoch: Int32(days))
    }

    /// ISO 8601 text: `2024-01-01`, `2018-01-16T17:32:28Z`, `2019-07-07T00:00:00-07:00`,
    /// `2023-05-11T05:12:50.4266333Z` (fraction digits without trailing zeros).
    public var description: String {
        var text = day.description
        guard let time else { return text }
        text +=
            "T" + Timestamp.pad(time.hour, 2) + ":" + Timestamp.pad(time.minute, 2) + ":"
            + Timestamp.pad(time.second, 2)
        if time.nanosecond != 0 {
            var fraction = Timestamp.pad(time.nanosecond, 9)
            while fraction.hasSuffix("0") { fraction.removeLast() }
            text += "." + fraction
        }
        if let offset = utcOffsetMinutes {
            if offset == 0 {
                text += "Z"
            } else {
                let magnitude = abs(offset)
                text +=
                    (offset < 0 ? "-" : "+") + Timestamp.pad(magnitude / 60, 2) + ":" + Timestamp.pad(magnitude % 60, 2)
            }
        }
        return text
    }

    /// `value` in decimal with leading zeros up to `width` digits.
    static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}
