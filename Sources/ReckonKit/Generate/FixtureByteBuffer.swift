/// A growable byte buffer with the number and text formatting the generator needs.
///
/// The generator writes gigabytes, so formatting goes straight into raw memory: integers and
/// `Amount`s are printed from their integer digits, never through `String` interpolation or
/// Foundation formatters. It is a class so the row writer and the sinks can share one without
/// copy-on-write checks on every byte.
final class FixtureByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int = 1 << 16) {
        self.capacity = max(capacity, 64)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The written bytes, valid until the next mutation.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// A copy of the written bytes.
    var array: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    func removeAll() { count = 0 }

    func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        var newCapacity = capacity * 2
        while newCapacity < count + extra { newCapacity *= 2 }
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    func append(_ byte: UInt8) {
        if count == capacity { reserve(1) }
        base[count] = byte
        count += 1
    }

    func append(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { append($0) } }

    func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    func append(_ bytes: UnsafeRawBufferPointer) { append(bytes.bindMemory(to: UInt8.self)) }

    func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// A non-negative or negative whole number in decimal.
    func append(int value: Int) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            append(digits: UInt64(value.magnitude), minimumWidth: 1)
        } else {
            append(digits: UInt64(value), minimumWidth: 1)
        }
    }

    /// `value` in decimal, left-padded with zeros to `minimumWidth` digits.
    func append(digits value: UInt64, minimumWidth: Int) {
        var scratch: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes, enough for 20 digits
        withUnsafeMutableBytes(of: &scratch) { raw in
            var position = raw.count
            var rest = value
            repeat {
                position -= 1
                raw[position] = UInt8(ascii: "0") &+ UInt8(rest % 10)
                rest /= 10
            } while rest != 0
            while raw.count - position < minimumWidth {
                position -= 1
                raw[position] = UInt8(ascii: "0")
            }
            append(UnsafeRawBufferPointer(rebasing: raw[position...]))
        }
    }

    /// An exact `Amount` in plain notation with trailing fractional zeros removed (`-0.00004`, `12`).
    func append(amount: Amount) {
        let (negative, whole, fraction) = FixtureByteBuffer.split(amount)
        if negative && (whole != 0 || fraction != 0) { append(UInt8(ascii: "-")) }
        append(digits: whole, minimumWidth: 1)
        guard fraction != 0 else { return }
        var digits = 18
        var trimmed = fraction
        while trimmed % 10 == 0 {
            trimmed /= 10
            digits -= 1
        }
        append(UInt8(ascii: "."))
        append(digits: trimmed, minimumWidth: digits)
    }

    /// An exact `Amount` in the spreadsheet style `5.64902E-05`, for values below 1 in magnitude.
    ///
    /// Every significant digit is kept, so the text parses back to exactly the same value.
    func append(scientific amount: Amount) {
        let (negative, whole, fraction) = FixtureByteBuffer.split(amount)
        guard whole == 0, fraction != 0 else {
            append(amount: amount)
            return
        }
        var significant = fraction
        var lastDigitPosition = 18
        while significant % 10 == 0 {
            significant /= 10
            lastDigitPosition -= 1
        }
        var digitCount = 1
        var probe = significant
        while probe >= 10 {
            probe /= 10
            digitCount += 1
        }
        let exponent = digitCount - lastDigitPosition - 1  // position of the first significant digit
        if negative { append(UInt8(ascii: "-")) }
        var divisor: UInt64 = 1
        for _ in 1..<digitCount { divisor *= 10 }
        append(digits: significant / divisor, minimumWidth: 1)
        if digitCount > 1 {
            append(UInt8(ascii: "."))
            append(digits: significant % divisor, minimumWidth: digitCount - 1)
        }
        append(UInt8(ascii: "E"))
        append(UInt8(ascii: exponent < 0 ? "-" : "+"))
        append(digits: UInt64(exponent.magnitude), minimumWidth: 2)
    }

    /// Sign, whole part and the 18-digit fraction of an amount as 64-bit integers.
    private static func split(_ amount: Amount) -> (negative: Bool, whole: UInt64, fraction: UInt64) {
        let magnitude = amount.units.magnitude
        let unit = UInt128(1_000_000_000_000_000_000)
        let whole = magnitude / unit
        precondition(whole <= UInt128(UInt64.max), "amount too large for the fixture writer")
        return (amount.units < 0, UInt64(whole), UInt64(magnitude % unit))
    }

    /// A CSV field: quoted when it contains a comma, quote, CR or LF, with inner quotes doubled.
    func append(csvField text: [UInt8]) {
        var needsQuotes = false
        for byte in text where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 10 || byte == 13 {
            needsQuotes = true
            break
        }
        guard needsQuotes else {
            append(text)
            return
        }
        append(UInt8(ascii: "\""))
        for byte in text {
            if byte == UInt8(ascii: "\"") { append(byte) }
            append(byte)
        }
        append(UInt8(ascii: "\""))
    }

    /// A JSON string literal with the required escapes.
    func append(jsonString text: String) {
        append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append(Array("\\\"".utf8))
            case UInt8(ascii: "\\"): append(Array("\\\\".utf8))
            case 10: append(Array("\\n".utf8))
            case 13: append(Array("\\r".utf8))
            case 9: append(Array("\\t".utf8))
            case 0..<0x20:
                append(Array("\\u00".utf8))
                let hex = Array("0123456789abcdef".utf8)
                append(hex[Int(byte >> 4)])
                append(hex[Int(byte & 0x0F)])
            default: append(byte)
            }
        }
        append(UInt8(ascii: "\""))
    }
}

extension Amount {
    /// The exact text `FixtureByteBuffer.append(amount:)` writes, for tables and JSON.
    var fixtureText: String {
        let buffer = FixtureByteBuffer(capacity: 48)
        buffer.append(amount: self)
        return String(decoding: buffer.bytes, as: UTF8.self)
    }

    /// The exact product; the generator's values are far from `Amount`'s limits.
    func fixtureTimes(_ other: Amount) -> Amount {
        guard let product = multiplied(by: other) else { preconditionFailure("fixture amount overflow") }
        return product
    }

    /// The quotient rounded half-to-even at 18 digits; the divisor is never zero here.
    func fixtureOver(_ other: Amount) -> Amount {
        guard let quotient = divided(by: other) else { preconditionFailure("fixture division by zero") }
        return quotient
    }
}
