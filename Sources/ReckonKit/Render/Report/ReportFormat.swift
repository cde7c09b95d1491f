/// How numbers are written for people: the separators, and digits by currency.
///
/// Templates receive only strings made here, so a template never formats a number. The default is
/// plain and unambiguous: `1,234,567.89`, a minus sign for negatives, two decimals for USD, none for
/// JPY, three for KWD (ISO 4217 minor units), rounded half away from zero.
public struct ReportFormat: Sendable {
    /// Between groups of three integer digits.
    public var groupingSeparator = ","
    /// Before the fraction.
    public var decimalSeparator = "."

    /// The default format.
    public init() {}

    /// An amount of `currency`, rounded to its minor unit and grouped: `-1,234.57`.
    public func money(_ amount: Amount, _ currency: String) -> String {
        amount.grouped(
            CurrencyCode(currency).minorUnitDigits,
            groupingSeparator: groupingSeparator,
            decimalSeparator: decimalSeparator
        )
    }

    /// An exact amount with all its digits (for prices and quantities), with the decimal separator.
    public func exact(_ amount: Amount) -> String {
        decimalSeparator == "." ? amount.description : amount.description.replacing(".", with: decimalSeparator)
    }

    /// A whole count with grouping: `1,300`.
    public func count(_ value: Int) -> String {
        Amount(value).grouped(0, groupingSeparator: groupingSeparator, decimalSeparator: decimalSeparator)
    }

    /// A percentage with one decimal: `42.5 %`.
    public func percent(_ value: Amount) -> String {
        value.grouped(1, groupingSeparator: groupingSeparator, decimalSeparator: decimalSeparator) + " %"
    }
}
