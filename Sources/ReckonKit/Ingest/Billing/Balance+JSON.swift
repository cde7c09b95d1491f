extension Balance: BillingResourceDecodable {
    /// Reads a balance resource; unknown members are ignored.
    public init(from cursor: JSONCursor) throws(BillingDocumentError) {
        self.init()
        _ = try cursor.object(expected: "a balance resource (an object)")
        id = try cursor.string("id")
        name = try cursor.string("name")
        let properties = try cursor.properties()
        currency = try properties.currency("currency")
        beginningBalance = try properties.amount("beginningBalance")
        endingBalance = try properties.amount("endingBalance")
        newPurchases = try properties.amount("newPurchases")
        adjustments = try properties.amount("adjustments")
        utilized = try properties.amount("utilized")
        serviceOverage = try properties.amount("serviceOverage")
        chargesBilledSeparately = try properties.amount("chargesBilledSeparately")
        totalOverage = try properties.amount("totalOverage")
        totalUsage = try properties.amount("totalUsage")
        azureMarketplaceServiceCharges = try properties.amount("azureMarketplaceServiceCharges")
        overageRefund = try properties.amount("overageRefund")
        billingFrequency = try properties.string("billingFrequency")
        priceHidden = try properties.bool("priceHidden")
        newPurchasesDetails = try Balance.details(properties.array("newPurchasesDetails"))
        adjustmentDetails = try Balance.details(properties.array("adjustmentDetails"))
    }

    private static func details(_ elements: [JSONCursor]) throws(BillingDocumentError) -> [BalanceDetail] {
        var result: [BalanceDetail] = []
        for element in elements {
            _ = try element.object(expected: "an object with name and value")
            result.append(BalanceDetail(name: try element.string("name"), value: try element.amount("value")))
        }
        return result
    }
}
