/// An ISO 4217 currency code such as `USD`, trimmed and upper-cased.
///
/// The EA Balances API returns `"USD  "` with trailing spaces, so codes are always trimmed.
public struct CurrencyCode: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The three-letter code, or the raw trimmed text for a code Reckon does not know.
    public let code: String

    /// Creates a code from raw text: surrounding spaces are removed and letters upper-cased.
    public init(_ raw: some StringProtocol) { self.code = raw.trimmingASCIIWhitespace().uppercased() }

    /// The code used where a source gives none.
    public static let unknown = CurrencyCode("")

    /// The ISO code, or "(no currency)" for the unknown one.
    public var description: String { code.isEmpty ? "(no currency)" : code }

    /// Codes sort alphabetically.
    public static func < (lhs: CurrencyCode, rhs: CurrencyCode) -> Bool { lhs.code < rhs.code }

    /// The number of digits of the currency's minor unit: 2 for USD and EUR, 0 for JPY, 3 for KWD.
    public var minorUnitDigits: Int { CurrencyCode.minorUnits[code] ?? 2 }

    /// ISO 4217 currencies whose minor unit is not 2 digits.
    static let minorUnits: [String: Int] = [
        "BIF": 0, "CLP": 0, "DJF": 0, "GNF": 0, "ISK": 0, "JPY": 0, "KMF": 0, "KRW": 0, "PYG": 0, "RWF": 0, "UGX": 0,
        "UYI": 0, "VND": 0, "VUV": 0, "XAF": 0, "XOF": 0, "XPF": 0, "BHD": 3, "IQD": 3, "JOD": 3, "KWD": 3, "LYD": 3,
        "OMR": 3, "TND": 3, "CLF": 4, "UYW": 4,
    ]
}

extension StringProtocol {
    /// The text without leading and trailing ASCII spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> String {
        let utf8 = Array(self.utf8)
        var start = 0
        var end = utf8.count
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        while start < end && isSpace(utf8[start]) { start += 1 }
        while end > start && isSpace(utf8[end - 1]) { end -= 1 }
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }
}
