/// Why a piece of text is not a number.
public enum AmountParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text is empty.
    case empty
    /// A character that no decimal number has, at the given offset.
    case invalidCharacter(UInt8, offset: Int)
    /// The text stops where a digit was expected ("-", "1e", ".").
    case missingDigits
    /// The value is beyond about ±1.7 × 10²⁰.
    case outOfRange

    /// The problem as a phrase for an error message.
    public var description: String {
        switch self {
        case .empty: return "an empty value where a number was expected"
        case .invalidCharacter(let byte, let offset):
            let shown =
                byte >= 0x20 && byte < 0x7F
                ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
            return
                "\(shown) at position \(offset + 1) is not part of a decimal number (expected digits, one '.', and an optional exponent such as E-05)"
        case .missingDigits: return "a number with no digits"
        case .outOfRange: return "a number too large to hold exactly (more than 20 integer digits)"
        }
    }
}

extension Amount {
    /// The result of parsing a number: the value, and whether digits beyond 10⁻¹⁸ were rounded off.
    public struct Parsed: Sendable {
        /// The value, rounded half-to-even at the 18th fractional digit.
        public var amount: Amount
        /// True when non-zero digits beyond the 18th fractional digit were rounded off.
        public var inexact: Bool
    }

    /// Parses a decimal number in the forms Azure writes: `-12.5`, `0.0000000072922557592391990000`,
    /// `5.64902E-05`, `+3`, `.5`. Thousands separators, spaces, `NaN` and `Infinity` are errors.
    public static func parse(_ text: String) throws(AmountParseError) -> Amount {
        let result: Result<Parsed, AmountParseError> = Array(text.utf8)
            .withUnsafeBytes { buffer in Result { () throws(AmountParseError) -> Parsed in try parse(buffer) } }
        return try result.get().amount
    }

    /// Parses a decimal number from UTF-8 bytes; see ``parse(_:)-(String)``.
    ///
    /// This is the hot path of ingest: it reads the bytes once, keeps up to 19 digits in a `UInt64`
    /// and only falls back to `Int128` arithmetic for longer mantissas.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(AmountParseError) -> Parsed {
        if let plain = parsePlain(bytes) { return plain }
        return try parseAny(bytes)
    }

    /// `[-+]digits[.digits]` with at most 19 digits, at most 18 of them after the point: the form
    /// nearly every cost, price and quantity takes. One tight loop, no exponent and no rounding
    /// (measured: half the instructions of ``parseAny(_:)`` for such numbers). Nil for anything
    /// else, which ``parseAny(_:)`` then decides, errors included.
    @inline(__always) static func parsePlain(_ bytes: UnsafeRawBufferPointer) -> Parsed? {
        let count = bytes.count
        guard count > 0, count <= 21 else { return nil }
        var (negative, index) = leadingSign(bytes)
        var value: UInt64 = 0
        var digits = 0
        // Digits after the point; -1 before it.
        var fraction = -1
        while index < count {
            let byte = bytes[index]
            let digit = byte &- 0x30
            if digit <= 9 {
                // At most 21 bytes, so at most 20 digits: checked below before the value is used.
                value = value &* 10 &+ UInt64(digit)
                digits += 1
                if fraction >= 0 { fraction += 1 }
            } else if byte == UInt8(ascii: ".") && fraction < 0 {
                fraction = 0
            } else {
                return nil
            }
            index += 1
        }
        let fractionDigits = max(0, fraction)
        guard digits > 0, digits <= 19, fractionDigits <= 18 else { return nil }
        let units = Int128(value) * Pow10.table[Amount.scale - fractionDigits]
        return Parsed(amount: Amount(units: negative ? -units : units), inexact: false)
    }

    /// Whether a non-empty number starts with `-`, and where its digits start (after a sign).
    @inline(__always) static func leadingSign(_ bytes: UnsafeRawBufferPointer) -> (negative: Bool, digitsStart: Int) {
        let first = bytes[0]
        return first == UInt8(ascii: "-") || first == UInt8(ascii: "+") ? (first == UInt8(ascii: "-"), 1) : (false, 0)
    }

    /// Parses any decimal number ``parse(_:)-(UnsafeRawBufferPointer)`` accepts, and names what is
    /// wrong with one it does not.
    static func parseAny(_ bytes: UnsafeRawBufferPointer) throws(AmountParseError) -> Parsed {
        let count = bytes.count
        if count == 0 { throw .empty }
        var (negative, index) = leadingSign(bytes)
        // Mantissa: significant digits, with at most 38 kept; later ones only make it inexact.
        var small: UInt64 = 0
        var big: Int128 = 0
        var usingBig = false
        var significant = 0
        var digits = 0
        var fractionDigits = 0
        var droppedDigits = 0
        var droppedNonZero = false
        var firstDropped: UInt8 = 0
        var seenPoint = false
        while index < count {
            let byte = bytes[index]
            if byte >= 0x30 && byte <= 0x39 {
                let digit = byte &- 0x30
                digits += 1
                if seenPoint { fractionDigits += 1 }
                if significant == 0 && digit == 0 {
                    // Leading zero: contributes nothing.
                } else if significant < 19 {
                    small = small &* 10 &+ UInt64(digit)
                    significant += 1
                } else if significant < 38 {
                    if !usingBig {
                        big = Int128(small)
                        usingBig = true
                    }
                    big = big * 10 + Int128(digit)
                    significant += 1
                } else {
                    if droppedDigits == 0 { firstDropped = digit } else if digit != 0 { droppedNonZero = true }
                    droppedDigits += 1
                }
            } else if byte == UInt8(ascii: ".") && !seenPoint {
                seenPoint = true
            } else if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") {
                break
            } else {
                throw .invalidCharacter(byte, offset: index)
            }
            index += 1
        }
        if digits == 0 { throw .missingDigits }
        var exponent = 0
        if index < count {
            // At 'e' or 'E'.
            index += 1
            var expNegative = false
            if index < count && (bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+")) {
                expNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var expDigits = 0
            while index < count {
                let byte = bytes[index]
                guard byte >= 0x30 && byte <= 0x39 else { throw .invalidCharacter(byte, offset: index) }
                if exponent < 10_000 { exponent = exponent * 10 + Int(byte - 0x30) }
                expDigits += 1
                index += 1
            }
            if expDigits == 0 { throw .missingDigits }
            if expNegative { exponent = -exponent }
        }
        var mantissa = usingBig ? big : Int128(small)
        if mantissa == 0 { return Parsed(amount: .zero, inexact: false) }
        // value = (mantissa × 10^dropped + rest) × 10^(exponent − fractionDigits), and units are
        // value × 10¹⁸, so the kept mantissa is scaled by 10^shift.
        let shift = Amount.scale + exponent - fractionDigits + droppedDigits
        let sticky = droppedDigits > 0 && (firstDropped != 0 || droppedNonZero)
        var inexact = sticky
        if shift >= 0 {
            // Dropped digits at or above 10⁻¹⁸ mean more than 38 significant digits in range.
            guard droppedDigits == 0, shift <= 38 else { throw .outOfRange }
            let (product, overflow) = mantissa.multipliedReportingOverflow(by: Pow10.table[shift])
            guard !overflow, product <= Amount.maxMagnitude else { throw .outOfRange }
            mantissa = product
        } else if -shift > 38 {
            inexact = true
            mantissa = 0
        } else {
            let divisor = Pow10.table[-shift]
            let (quotient, remainder) = mantissa.quotientAndRemainder(dividingBy: divisor)
            if remainder != 0 { inexact = true }
            let twice = remainder * 2
            // Round half-to-even; a tie with non-zero dropped digits beyond it is above half.
            if twice > divisor || (twice == divisor && (sticky || quotient & 1 != 0)) {
                mantissa = quotient + 1
            } else {
                mantissa = quotient
            }
        }
        return Parsed(amount: Amount(units: negative ? -mantissa : mantissa), inexact: inexact)
    }

    /// The largest magnitude accepted from text: 10²⁰ whole units.
    static let maxMagnitude: Int128 = Pow10.table[38]
}
