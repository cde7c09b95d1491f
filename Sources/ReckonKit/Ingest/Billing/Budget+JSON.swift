extension Budget: BillingResourceDecodable {
    /// Reads a budget resource; unknown members are ignored and `filter` is kept raw.
    public init(from cursor: JSONCursor) throws(BillingDocumentError) {
        self.init()
        _ = try cursor.object(expected: "a budget resource (an object)")
        id = try cursor.string("id")
        name = try cursor.string("name")
        eTag = try cursor.string("eTag")
        let properties = try cursor.properties()
        category = try properties.string("category")
        amount = try properties.amount("amount")
        timeGrain = try properties.string("timeGrain")
        if let period = properties.member("timePeriod") {
            _ = try period.object(expected: "an object with startDate and endDate")
            startDate = try period.timestamp("startDate")
            endDate = try period.timestamp("endDate")
        }
        currentSpend = try Budget.spend(properties.member("currentSpend"))
        forecastSpend = try Budget.spend(properties.member("forecastSpend"))
        filter = properties.raw("filter")
        for (key, entry) in try properties.members("notifications") {
            _ = try entry.object(expected: "a notification object")
            var notification = BudgetNotification(name: key)
            notification.enabled = try entry.bool("enabled")
            notification.comparison = try entry.string("operator")
            notification.threshold = try entry.amount("threshold")
            notification.thresholdType = try entry.string("thresholdType")
            notification.contactEmails = try entry.strings("contactEmails")
            notification.contactRoles = try entry.strings("contactRoles")
            notification.contactGroups = try entry.strings("contactGroups")
            notification.locale = try entry.string("locale")
            notifications.append(notification)
        }
    }

    /// Reads `{"amount": 80.89, "unit": "USD"}`; `nil` without an amount.
    private static func spend(_ cursor: JSONCursor?) throws(BillingDocumentError) -> Money? {
        guard let cursor else { return nil }
        _ = try cursor.object(expected: "an object with amount and unit")
        guard let amount = try cursor.amount("amount") else { return nil }
        return Money(amount: amount, currency: try cursor.currency("unit") ?? .unknown)
    }
}
