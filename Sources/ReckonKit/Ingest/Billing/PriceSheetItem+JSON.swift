extension PriceSheetItem: BillingResourceDecodable {
    /// The price sheet keeps its items in `properties.pricesheets`, beside `properties.nextLink`.
    public static var listItemsPath: [String] { ["properties", "pricesheets"] }

    /// Reads one element of `properties.pricesheets`; unknown members are ignored.
    public init(from cursor: JSONCursor) throws(BillingDocumentError) {
        self.init()
        _ = try cursor.object(expected: "a price sheet item (an object)")
        billingPeriodId = try cursor.string("billingPeriodId")
        meterId = try cursor.string("meterId")
        if let details = cursor.member("meterDetails") {
            _ = try details.object(expected: "an object of meter details")
            meterName = try details.string("meterName")
            meterCategory = try details.string("meterCategory")
            meterSubCategory = try details.string("meterSubCategory")
            meterLocation = try details.string("meterLocation")
        }
        unitOfMeasure = try cursor.string("unitOfMeasure")
        includedQuantity = try cursor.amount("includedQuantity")
        partNumber = try cursor.string("partNumber")
        unitPrice = try cursor.amount("unitPrice")
        currencyCode = try cursor.currency("currencyCode")
        offerId = try cursor.string("offerId")
        if let plan = cursor.member("savingsPlan") {
            _ = try plan.object(expected: "a savings plan object")
            savingsPlan = SavingsPlanPrice(
                term: try plan.string("term"),
                effectivePrice: try plan.amount("effectivePrice"),
                marketPrice: try plan.amount("marketPrice")
            )
        }
    }
}

extension PriceSheetDownload: BillingResourceDecodable {
    /// Reads `{"status", "properties": {"downloadUrl", "validTill"}}`.
    public init(from cursor: JSONCursor) throws(BillingDocumentError) {
        self.init()
        _ = try cursor.object(expected: "a price sheet download result (an object)")
        status = try cursor.string("status")
        let properties = try cursor.properties()
        downloadUrl = try properties.string("downloadUrl")
        validTill = try properties.timestamp("validTill")
    }
}
