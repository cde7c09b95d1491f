extension ReservationTransaction: BillingResourceDecodable {
    /// Reads a modern or legacy reservation transaction; unknown members are ignored.
    ///
    /// `tags` may be an object (`{"env": "prod"}`), an empty array (legacy documents), an array of
    /// `{"key", "value"}` objects, or absent.
    public init(from cursor: JSONCursor) throws(BillingDocumentError) {
        self.init()
        _ = try cursor.object(expected: "a reservation transaction resource (an object)")
        id = try cursor.string("id")
        name = try cursor.string("name")
        if let tagValue = cursor.member("tags") { tags = try ResourceTag.read(tagValue) }
        let properties = try cursor.properties()
        eventDate = try properties.timestamp("eventDate")
        eventType = try properties.string("eventType")
        reservationOrderId = try properties.string("reservationOrderId")
        reservationOrderName = try properties.string("reservationOrderName")
        description = try properties.string("description")
        quantity = try properties.amount("quantity")
        amount = try properties.amount("amount")
        currency = try properties.currency("currency")
        armSkuName = try properties.string("armSkuName")
        term = try properties.string("term")
        region = try properties.string("region")
        billingFrequency = try properties.string("billingFrequency")
        purchasingSubscriptionGuid = try properties.string("purchasingSubscriptionGuid")
        purchasingSubscriptionName = try properties.string("purchasingSubscriptionName")
        billingProfileId = try properties.string("billingProfileId")
        billingProfileName = try properties.string("billingProfileName")
        invoice = try properties.string("invoice")
        invoiceId = try properties.string("invoiceId")
        invoiceSectionId = try properties.string("invoiceSectionId")
        invoiceSectionName = try properties.string("invoiceSectionName")
        purchasingEnrollment = try properties.string("purchasingEnrollment")
        currentEnrollment = try properties.string("currentEnrollment")
        accountName = try properties.string("accountName")
        accountOwnerEmail = try properties.string("accountOwnerEmail")
        departmentName = try properties.string("departmentName")
        costCenter = try properties.string("costCenter")
        billingMonth = try properties.integer("billingMonth")
        monetaryCommitment = try properties.amount("monetaryCommitment")
        overage = try properties.amount("overage")
    }
}

extension ResourceTag {
    /// Reads tags from an object, or from an array of `{"key"/"name", "value"}` objects (possibly empty).
    static func read(_ cursor: JSONCursor) throws(BillingDocumentError) -> [ResourceTag] {
        switch cursor.value {
        case .object(let object):
            return object.members.map { member in
                ResourceTag(key: member.key, value: member.value.stringValue ?? member.value.description)
            }
        case .array:
            var tags: [ResourceTag] = []
            for element in try cursor.elements() {
                _ = try element.object(expected: "a tag object with key and value")
                var key = try element.string("key")
                if key == nil { key = try element.string("name") }
                guard let key else { throw element.mismatch(expected: "a tag object with a \"key\" member") }
                let value = element.raw("value")
                tags.append(ResourceTag(key: key, value: value.map { $0.stringValue ?? $0.description } ?? ""))
            }
            return tags
        default: throw cursor.mismatch(expected: "tags as an object or an array")
        }
    }
}
