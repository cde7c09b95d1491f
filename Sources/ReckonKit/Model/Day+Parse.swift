extension Day {
    /// Parses the date forms cost files use, returning the UTC calendar day:
    ///
    /// - `M/d/yyyy` with 1- or 2-digit month and day: cost details are **month first**
    ///   (`09/21/2023`, and `9/2/2023` after a spreadsheet re-save); never guessed as day first;
    ///   a 2-digit year (`5/1/25`, as in the FOCUS 1.2 examples) is 20yy;
    /// - `yyyy-MM-dd`, optionally followed by `T` or a space and a time `HH:mm`, `HH:mm:ss` or
    ///   `HH:mm:ss.fffffff`, then `Z`, `±hh:mm` or nothing (FOCUS 1.0 writes `2024-01-01T00:00Z`,
    ///   FOCUS-Sample-Data `2024-09-01 00:00:00`). An offset moves the instant to UTC first.
    ///
    /// - Returns: `nil` when the text is none of these or names a day that does not exist.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Day? {
        var scanner = DateScanner(bytes: bytes)
        guard let first = scanner.number(maxDigits: 4) else { return nil }
        if scanner.take(UInt8(ascii: "/")) {
            // M/d/yyyy
            guard first.digits <= 2, let day = scanner.number(maxDigits: 2), scanner.take(UInt8(ascii: "/")),
                let year = scanner.number(maxDigits: 4), year.digits == 4 || year.digits == 2, scanner.atEnd
            else { return nil }
            return Day(year: year.digits == 2 ? 2000 + year.value : year.value, month: first.value, day: day.value)
        }
        guard first.digits == 4, scanner.take(UInt8(ascii: "-")), let month = scanner.number(maxDigits: 2),
            month.digits == 2, scanner.take(UInt8(ascii: "-")), let dayPart = scanner.number(maxDigits: 2),
            dayPart.digits == 2, let date = Day(year: first.value, month: month.value, day: dayPart.value)
        else { return nil }
        if scanner.atEnd { return date }
        guard scanner.take(UInt8(ascii: "T")) || scanner.take(UInt8(ascii: " ")) || scanner.take(UInt8(ascii: "t"))
        else { return nil }
        guard let hour = scanner.number(maxDigits: 2), hour.digits == 2, hour.value < 24,
            scanner.take(UInt8(ascii: ":")), let minute = scanner.number(maxDigits: 2), minute.digits == 2,
            minute.value < 60
        else { return nil }
        if scanner.take(UInt8(ascii: ":")) {
            guard let second = scanner.number(maxDigits: 2), second.digits == 2, second.value <= 60 else { return nil }
            if scanner.take(UInt8(ascii: ".")) { guard scanner.skipDigits() > 0 else { return nil } }
        }
        var minutes = hour.value * 60 + minute.value
        if scanner.atEnd || scanner.take(UInt8(ascii: "Z")) || scanner.take(UInt8(ascii: "z")) {
            // UTC, or no zone (taken as UTC).
        } else {
            let sign: Int
            if scanner.take(UInt8(ascii: "+")) {
                sign = 1
            } else if scanner.take(UInt8(ascii: "-")) {
                sign = -1
            } else {
                return nil
            }
            guard let offsetHours = scanner.number(maxDigits: 2), offsetHours.digits == 2 else { return nil }
            _ = scanner.take(UInt8(ascii: ":"))
            guard let offsetMinutes = scanner.number(maxDigits: 2), offsetMinutes.digits == 2 else { return nil }
            minutes -= sign * (offsetHours.value * 60 + offsetMinutes.value)
        }
        guard scanner.atEnd else { return nil }
        if minutes < 0 { return date.adding(days: -1) }
        if minutes >= 24 * 60 { return date.adding(days: 1) }
        return date
    }

    /// Parses `text`; see ``parse(_:)-(UnsafeRawBufferPointer)``.
    public static func parse(_ text: String) -> Day? { Array(text.utf8).withUnsafeBytes { parse($0) } }
}

/// Reads digits and separators from the front of a byte buffer.
private struct DateScanner {
    let bytes: UnsafeRawBufferPointer
    var index = 0

    init(bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }

    mutating func take(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    mutating func number(maxDigits: Int) -> (value: Int, digits: Int)? {
        var value = 0
        var digits = 0
        while index < bytes.count, digits < maxDigits {
            let byte = bytes[index]
            guard byte >= 0x30 && byte <= 0x39 else { break }
            value = value * 10 + Int(byte - 0x30)
            digits += 1
            index += 1
        }
        return digits > 0 ? (value, digits) : nil
    }

    mutating func skipDigits() -> Int {
        var digits = 0
        while index < bytes.count, bytes[index] >= 0x30 && bytes[index] <= 0x39 {
            digits += 1
            index += 1
        }
        return digits
    }
}
