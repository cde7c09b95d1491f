extension InvoiceTransaction: BillingResourceDecodable {
    /// Reads a transaction resource (`{"id", "name", "properties": {…}}`); unknown members are ignored.
    ///
    /// An amount given as a plain number instead of an amount object takes `billingCurrency`.
    public init(from cursor: JSONCursor) throws(BillingDocumentError) {
        self.init()
        _ = try cursor.object(expected: "a transaction resource (an object)")
        id = try cursor.string("id")
        name = try cursor.string("name")
        let properties = try cursor.properties()
        kind = try properties.string("kind")
        date = try properties.timestamp("date")
        invoice = try properties.string("invoice")
        invoiceId = try properties.string("invoiceId")
        productFamily = try properties.string("productFamily")
        productType = try properties.string("productType")
        productTypeId = try properties.string("productTypeId")
        productDescription = try properties.string("productDescription")
        transactionType = try properties.string("transactionType")
        pricingCurrency = try properties.currency("pricingCurrency")
        billingCurrency = try properties.currency("billingCurrency")
        transactionAmount = try properties.money("transactionAmount", currency: billingCurrency)
        subTotal = try properties.money("subTotal", currency: billingCurrency)
        tax = try properties.money("tax", currency: billingCurrency)
        azureCreditApplied = try properties.money("azureCreditApplied", currency: billingCurrency)
        consumptionCommitmentDecremented = try properties.money(
            "consumptionCommitmentDecremented",
            currency: billingCurrency
        )
        effectivePrice = try properties.money("effectivePrice", currency: pricingCurrency)
        marketPrice = try properties.money("marketPrice", currency: pricingCurrency)
        discount = try properties.amount("discount")
        exchangeRate = try properties.amount("exchangeRate")
        quantity = try properties.amount("quantity")
        units = try properties.amount("units")
        unitOfMeasure = try properties.string("unitOfMeasure")
        unitType = try properties.string("unitType")
        servicePeriodStart = try properties.timestamp("servicePeriodStartDate")
        servicePeriodEnd = try properties.timestamp("servicePeriodEndDate")
        invoiceSectionId = try properties.string("invoiceSectionId")
        invoiceSectionDisplayName = try properties.string("invoiceSectionDisplayName")
        billingProfileId = try properties.string("billingProfileId")
        billingProfileDisplayName = try properties.string("billingProfileDisplayName")
        azurePlan = try properties.string("azurePlan")
        partNumber = try properties.string("partNumber")
        subscriptionId = try properties.string("subscriptionId")
        subscriptionName = try properties.string("subscriptionName")
        customerId = try properties.string("customerId")
        customerDisplayName = try properties.string("customerDisplayName")
        specialTaxationType = try properties.string("specialTaxationType")
    }
}
