/// An exact amount of money in one currency.
///
/// The amount is an ``Amount`` (fixed-point, never `Double`); the currency is kept as the source
/// gave it, trimmed and upper-cased by ``CurrencyCode``. Money in different currencies is never
/// added implicitly: ``adding(_:)`` returns `nil` when the currencies differ.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    /// The exact amount.
    public var amount: Amount
    /// The currency of the amount.
    public var currency: CurrencyCode

    /// Creates money from an amount and its currency.
    public init(amount: Amount, currency: CurrencyCode) {
        self.amount = amount
        self.currency = currency
    }

    /// The sum of two amounts in the same currency; `nil` when the currencies differ.
    public func adding(_ other: Money) -> Money? {
        guard currency == other.currency else { return nil }
        return Money(amount: amount + other.amount, currency: currency)
    }

    /// The exact amount and the code: `33.99 USD`, or `33.99 (no currency)` without a code.
    public var description: String { "\(amount) \(currency)" }
}
