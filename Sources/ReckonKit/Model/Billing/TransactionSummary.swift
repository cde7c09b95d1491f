/// The totals of an invoice's transactions (2024-04-01 `Transactions_GetTransactionSummaryByInvoice`).
///
/// Unlike other billing documents, the summary gives **plain numbers** with one `billingCurrency`;
/// the `Money` accessors attach that currency. Amounts the document does not give are `nil`.
public struct TransactionSummary: Hashable, Sendable {
    /// Azure credit applied.
    public var azureCreditApplied: Amount?
    /// The billing currency of every amount.
    public var billingCurrency: CurrencyCode?
    /// Microsoft Azure Consumption Commitment (MACC) decremented.
    public var consumptionCommitmentDecremented: Amount?
    /// The pre-tax total.
    public var subTotal: Amount?
    /// The tax.
    public var tax: Amount?
    /// The total.
    public var total: Amount?

    /// Creates a summary with every field empty; readers fill it in.
    public init() {}

    /// `subTotal` in the billing currency.
    public var subTotalMoney: Money? { money(subTotal) }
    /// `tax` in the billing currency.
    public var taxMoney: Money? { money(tax) }
    /// `total` in the billing currency.
    public var totalMoney: Money? { money(total) }
    /// `azureCreditApplied` in the billing currency.
    public var azureCreditAppliedMoney: Money? { money(azureCreditApplied) }
    /// `consumptionCommitmentDecremented` in the billing currency.
    public var consumptionCommitmentDecrementedMoney: Money? { money(consumptionCommitmentDecremented) }

    private func money(_ amount: Amount?) -> Money? {
        amount.map { Money(amount: $0, currency: billingCurrency ?? .unknown) }
    }
}
