extension Amount: CustomStringConvertible {
    /// The exact value with trailing fractional zeros removed: `62023534.5490331891`, `-0.5`, `0`.
    public var description: String { plain(minimumFractionDigits: 0, maximumFractionDigits: Amount.scale) }

    /// The value with exactly `fractionDigits` fractional digits after rounding, no grouping:
    /// `1234.50`. This is the form CSV files carry, so a spreadsheet reads it as a number.
    public func fixed(_ fractionDigits: Int, rule: RoundingRule = .halfAwayFromZero) -> String {
        rounded(scale: fractionDigits, rule: rule)
            .plain(minimumFractionDigits: fractionDigits, maximumFractionDigits: fractionDigits)
    }

    /// The value with `fractionDigits` digits and a grouping separator every three integer digits:
    /// `-1,234,567.89`. Formatting for people; the separators are parameters so a locale can change them.
    public func grouped(
        _ fractionDigits: Int,
        groupingSeparator: String = ",",
        decimalSeparator: String = ".",
        rule: RoundingRule = .halfAwayFromZero
    ) -> String {
        let text = fixed(fractionDigits, rule: rule)
        var integerPart = Substring(text)
        var fractionPart: Substring = ""
        var sign = ""
        if integerPart.hasPrefix("-") {
            sign = "-"
            integerPart = integerPart.dropFirst()
        }
        if let point = integerPart.firstIndex(of: ".") {
            fractionPart = integerPart[integerPart.index(after: point)...]
            integerPart = integerPart[..<point]
        }
        var groups: [Substring] = []
        var end = integerPart.endIndex
        while end > integerPart.startIndex {
            let start =
                integerPart.index(end, offsetBy: -3, limitedBy: integerPart.startIndex) ?? integerPart.startIndex
            groups.append(integerPart[start..<end])
            end = start
        }
        let joined = groups.reversed().joined(separator: groupingSeparator)
        return sign + joined + (fractionPart.isEmpty ? "" : decimalSeparator + fractionPart)
    }

    func plain(minimumFractionDigits: Int, maximumFractionDigits: Int) -> String {
        let negative = units < 0
        let magnitude = units.magnitude
        let unit = UInt128(Pow10.table[Amount.scale])
        let whole = magnitude / unit
        var fraction = String(magnitude % unit)
        fraction = String(repeating: "0", count: Amount.scale - fraction.count) + fraction
        // Only ever called with an already-rounded value when maximumFractionDigits < scale.
        var digits = Array(fraction.utf8.prefix(maximumFractionDigits))
        while digits.count > minimumFractionDigits, digits.last == UInt8(ascii: "0") { digits.removeLast() }
        var result = negative && (whole != 0 || digits.contains(where: { $0 != UInt8(ascii: "0") })) ? "-" : ""
        result += String(whole)
        if !digits.isEmpty { result += "." + String(decoding: digits, as: UTF8.self) }
        return result
    }
}
