/// The ISO 4217 currency codes, for telling a currency Reckon knows from a typo (`US$`, `XYZ`).
///
/// Generated from Debian's iso-codes package (`/usr/share/iso-codes/json/iso_4217.json`, 181
/// codes, funds and precious metals included); regenerate from there when ISO adds a currency.
extension CurrencyCode {
    /// Whether the code is an ISO 4217 code.
    public var isISO4217: Bool { CurrencyCode.iso4217.contains(code) }

    /// Every ISO 4217 alphabetic code.
    static let iso4217: Set<String> = [
        "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF",
        "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHE", "CHF", "CHW", "CLF",
        "CLP", "CNY", "COP", "COU", "CRC", "CUC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB",
        "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HRK", "HTG", "HUF",
        "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD",
        "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU",
        "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN",
        "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD",
        "SHP", "SLE", "SLL", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY",
        "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV", "WST",
        "XAF", "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XDR", "XOF", "XPD", "XPF", "XPT", "XSU", "XTS", "XUA",
        "XXX", "YER", "ZAR", "ZMW", "ZWL",
    ]

    /// A note naming the codes among `codes` that are not ISO 4217, or nil when all are: their
    /// amounts are totalled and rounded as if the currency had 2 decimal places.
    public static func unknownCodesNote(_ codes: [CurrencyCode]) -> String? {
        let unknown = Set(codes.filter { !$0.code.isEmpty && !$0.isISO4217 }.map(\.code)).sorted()
        guard !unknown.isEmpty else { return nil }
        let named = unknown.map { "'\($0)'" }.joined(separator: ", ")
        return
            "\(named) \(unknown.count == 1 ? "is not an ISO 4217 currency code" : "are not ISO 4217 currency codes") (a typo, or a symbol such as US$?): "
            + "the cost in \(unknown.count == 1 ? "it" : "each") is totalled apart and rounded to 2 decimal places"
    }
}
