/// A line of an invoice from the Transactions API (`Transactions_ListByInvoice`, 2020-05-01 and 2024-04-01).
///
/// Amounts are `nil` when the document does not give them. `transactionAmount` is `subTotal + tax`
/// in the examples; `azureCreditApplied` is reported beside it, not subtracted from it. A transaction
/// not yet invoiced has `invoice` = `"pending"` and no `invoiceId` (see ``isPending``).
public struct InvoiceTransaction: Hashable, Sendable {
    /// The ARM resource ID.
    public var id: String?
    /// The transaction's name (a GUID).
    public var name: String?
    /// The kind as sent: `all`, `reservation`, `Other`…
    public var kind: String?
    /// The transaction date.
    public var date: Timestamp?
    /// The invoice number, or `pending`.
    public var invoice: String?
    /// The invoice's resource ID; absent for pending transactions.
    public var invoiceId: String?
    /// The product family, such as `Storage`.
    public var productFamily: String?
    /// The product type, such as `VM Instance`.
    public var productType: String?
    /// The product type ID.
    public var productTypeId: String?
    /// The product description, such as `Standard D1, US West 3`.
    public var productDescription: String?
    /// The transaction type as sent: `Purchase`, `Cancel`, `Refund`…
    public var transactionType: String?
    /// The amount of the transaction (subtotal plus tax).
    public var transactionAmount: Money?
    /// The pre-tax amount.
    public var subTotal: Money?
    /// The tax.
    public var tax: Money?
    /// Azure credit applied to the transaction.
    public var azureCreditApplied: Money?
    /// Microsoft Azure Consumption Commitment (MACC) decremented (2024-04-01).
    public var consumptionCommitmentDecremented: Money?
    /// The effective unit price.
    public var effectivePrice: Money?
    /// The market (list) unit price.
    public var marketPrice: Money?
    /// The discount as a fraction, such as 0.1.
    public var discount: Amount?
    /// The exchange rate from pricing to billing currency.
    public var exchangeRate: Amount?
    /// The pricing currency.
    public var pricingCurrency: CurrencyCode?
    /// The billing currency.
    public var billingCurrency: CurrencyCode?
    /// The quantity purchased.
    public var quantity: Amount?
    /// The number of units used (`units`), counted in `unitOfMeasure` blocks.
    public var units: Amount?
    /// The unit of measure, such as `1 Minute`; it can carry a block size (`100 Hours`).
    public var unitOfMeasure: String?
    /// The unit type, such as `1 Runtime Minute`.
    public var unitType: String?
    /// The start of the service period.
    public var servicePeriodStart: Timestamp?
    /// The end of the service period.
    public var servicePeriodEnd: Timestamp?
    /// The invoice section's resource ID.
    public var invoiceSectionId: String?
    /// The invoice section's display name.
    public var invoiceSectionDisplayName: String?
    /// The billing profile's resource ID.
    public var billingProfileId: String?
    /// The billing profile's display name.
    public var billingProfileDisplayName: String?
    /// The Azure plan, such as `Microsoft Azure Standard`.
    public var azurePlan: String?
    /// The part number (2024-04-01).
    public var partNumber: String?
    /// The subscription ID, when the line names one.
    public var subscriptionId: String?
    /// The subscription name, when the line names one.
    public var subscriptionName: String?
    /// The customer ID (partner accounts).
    public var customerId: String?
    /// The customer display name (partner accounts).
    public var customerDisplayName: String?
    /// The special taxation as sent, such as `SubtotalLevel`.
    public var specialTaxationType: String?

    /// Whether the transaction is not invoiced yet (`invoice` is `pending`, any case).
    public var isPending: Bool {
        guard let invoice else { return false }
        return JSONObject.equalIgnoringASCIICase(invoice, "pending")
    }

    /// Creates a transaction with every field empty; readers fill it in.
    public init() {}
}
