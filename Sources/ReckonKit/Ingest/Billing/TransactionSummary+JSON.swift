extension TransactionSummary: BillingResourceDecodable {
    /// Reads a transaction summary: plain numbers and `billingCurrency`, at the top level or under
    /// `properties`.
    ///
    /// An amount object (`{"currency", "value"}`) is accepted too; its currency must then match
    /// `billingCurrency` (or supplies it when the summary has none).
    public init(from cursor: JSONCursor) throws(BillingDocumentError) {
        self.init()
        let properties = try cursor.properties()
        billingCurrency = try properties.currency("billingCurrency")
        azureCreditApplied = try read(properties, "azureCreditApplied")
        consumptionCommitmentDecremented = try read(properties, "consumptionCommitmentDecremented")
        subTotal = try read(properties, "subTotal")
        tax = try read(properties, "tax")
        total = try read(properties, "total")
    }

    private mutating func read(_ properties: JSONCursor, _ key: String) throws(BillingDocumentError) -> Amount? {
        guard let money = try properties.money(key, currency: billingCurrency) else { return nil }
        if money.currency != .unknown {
            if let billingCurrency, billingCurrency != money.currency, let member = properties.member(key) {
                throw member.mismatch(expected: "an amount in the billing currency \(billingCurrency)")
            }
            billingCurrency = billingCurrency ?? money.currency
        }
        return money.amount
    }
}
