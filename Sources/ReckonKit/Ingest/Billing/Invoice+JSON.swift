extension Invoice: BillingResourceDecodable {
    /// Reads an invoice resource (`{"id", "name", "properties": {…}}`); unknown members are ignored.
    public init(from cursor: JSONCursor) throws(BillingDocumentError) {
        self.init()
        _ = try cursor.object(expected: "an invoice resource (an object)")
        id = try cursor.string("id")
        name = try cursor.string("name")
        let properties = try cursor.properties()
        invoiceDate = try properties.timestamp("invoiceDate")
        dueDate = try properties.timestamp("dueDate")
        periodStart = try properties.timestamp("invoicePeriodStartDate")
        periodEnd = try properties.timestamp("invoicePeriodEndDate")
        status = try properties.string("status")
        billingProfileId = try properties.string("billingProfileId")
        billingProfileDisplayName = try properties.string("billingProfileDisplayName")
        purchaseOrderNumber = try properties.string("purchaseOrderNumber")
        isMonthlyInvoice = try properties.bool("isMonthlyInvoice")

        billedAmount = try properties.money("billedAmount")
        subTotal = try properties.money("subTotal")
        taxAmount = try properties.money("taxAmount")
        creditAmount = try properties.money("creditAmount")
        azurePrepaymentApplied = try properties.money("azurePrepaymentApplied")
        freeAzureCreditApplied = try properties.money("freeAzureCreditApplied")
        totalAmount = try properties.money("totalAmount")
        amountDue = try properties.money("amountDue")

        documentType = try properties.string("documentType")
        invoiceType = try properties.string("invoiceType")
        specialTaxationType = try properties.string("specialTaxationType")
        creditForDocumentId = try properties.string("creditForDocumentId")
        billedDocumentId = try properties.string("billedDocumentId")
        if let rebill = properties.member("rebillDetails") {
            rebillChain = try Invoice.rebillChain(rebill)
        }

        for element in try properties.array("documents") {
            _ = try element.object(expected: "an invoice document object")
            documents.append(
                InvoiceDocumentReference(
                    kind: try element.string("kind"),
                    name: try element.string("name"),
                    url: try element.string("url"),
                    source: try element.string("source")
                )
            )
        }
        for element in try properties.array("payments") {
            _ = try element.object(expected: "a payment object")
            payments.append(
                InvoicePayment(
                    date: try element.timestamp("date"),
                    paymentType: try element.string("paymentType"),
                    amount: try element.money("amount"),
                    paymentMethodFamily: try element.string("paymentMethodFamily"),
                    paymentMethodType: try element.string("paymentMethodType")
                )
            )
        }
    }

    /// Flattens `rebillDetails`: 2024-04-01 nests `{creditNoteDocumentId, invoiceDocumentId, rebillDetails}`;
    /// older versions used a map from a key to such objects. Other shapes give an empty chain.
    private static func rebillChain(_ start: JSONCursor) throws(BillingDocumentError) -> [RebillLink] {
        var links: [RebillLink] = []
        var pending: [JSONCursor] = [start]
        // Each step reads one object; the depth limit of the parser bounds the loop.
        while !pending.isEmpty {
            let current = pending.removeFirst()
            guard case .object(let object) = current.value else { continue }
            let isLink =
                object.member(forKeyIgnoringCase: "creditNoteDocumentId") != nil
                || object.member(forKeyIgnoringCase: "invoiceDocumentId") != nil
            if isLink {
                links.append(
                    RebillLink(
                        creditNoteDocumentId: try current.string("creditNoteDocumentId"),
                        invoiceDocumentId: try current.string("invoiceDocumentId")
                    )
                )
                if let next = current.member("rebillDetails") { pending.append(next) }
            } else {
                for member in object.members {
                    if let child = current.member(member.key) { pending.append(child) }
                }
            }
        }
        return links
    }
}
