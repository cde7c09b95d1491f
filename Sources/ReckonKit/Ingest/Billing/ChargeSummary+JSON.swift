extension ChargeSummary: BillingResourceDecodable {
    /// Reads a modern or legacy charge summary; unknown members are ignored.
    public init(from cursor: JSONCursor) throws(BillingDocumentError) {
        self.init()
        _ = try cursor.object(expected: "a charge summary resource (an object)")
        id = try cursor.string("id")
        name = try cursor.string("name")
        kind = try cursor.string("kind")
        let properties = try cursor.properties()
        let currency = try properties.currency("currency")
        billingPeriodId = try properties.string("billingPeriodId")
        usageStart = try properties.timestamp("usageStart")
        usageEnd = try properties.timestamp("usageEnd")
        azureCharges = try properties.money("azureCharges", currency: currency)
        chargesBilledSeparately = try properties.money("chargesBilledSeparately", currency: currency)
        marketplaceCharges = try properties.money("marketplaceCharges", currency: currency)
        billingAccountId = try properties.string("billingAccountId")
        billingProfileId = try properties.string("billingProfileId")
        invoiceSectionId = try properties.string("invoiceSectionId")
        customerId = try properties.string("customerId")
        isInvoiced = try properties.bool("isInvoiced")
    }
}
