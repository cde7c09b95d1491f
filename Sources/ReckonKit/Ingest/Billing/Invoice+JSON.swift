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
        try requireOneCurrency(properties)

        documentType = try properties.string("documentType")
        invoiceType = try properties.string("invoiceType")
        specialTaxationType = try properties.string("specialTaxationType")
        creditForDocumentId = try properties.string("creditForDocumentId")
        billedDocumentId = try properties.string("billedDocumentId")
        if let rebill = properties.member("rebillDetails") { rebillChain = try Invoice.rebillChain(rebill) }

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

    /// Checks that every amount of the header is in one currency, the invoice's billing currency.
    ///
    /// An amount in another currency is not the same money, so comparing it with the others (as
    /// the header rules and the bridge do) would hide the difference. The billing currency is the
    /// one most amounts are in (on a tie, the first one's in the order `billedAmount`, `subTotal`, `taxAmount`, …); the first
    /// amount in another is named with its JSON path and both currencies. Amounts without a
    /// currency are not judged.
    /// - Throws: ``BillingDocumentError`` at the odd amount's `currency`.
    private func requireOneCurrency(_ properties: JSONCursor) throws(BillingDocumentError) {
        let amounts: [(field: String, money: Money?)] = [
            ("billedAmount", billedAmount), ("subTotal", subTotal), ("taxAmount", taxAmount),
            ("creditAmount", creditAmount), ("azurePrepaymentApplied", azurePrepaymentApplied),
            ("freeAzureCreditApplied", freeAzureCreditApplied), ("totalAmount", totalAmount), ("amountDue", amountDue),
        ]
        let known = amounts.compactMap { item in
            item.money.flatMap { $0.currency.code.isEmpty ? nil : (field: item.field, currency: $0.currency.code) }
        }
        guard let first = known.first else { return }
        var counts: [String: Int] = [:]
        for item in known { counts[item.currency, default: 0] += 1 }
        guard counts.count > 1 else { return }
        // The most common currency; on a tie the one seen first.
        var billing = first.currency
        for item in known where (counts[item.currency] ?? 0) > (counts[billing] ?? 0) { billing = item.currency }
        guard let odd = known.first(where: { $0.currency != billing }) else { return }
        let fields = known.filter { $0.currency == billing }.map(\.field)
        let listed =
            fields.count == 1 ? fields[0] : fields.dropLast().joined(separator: ", ") + " and " + (fields.last ?? "")
        let invoice = name ?? id.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? "(no name)"
        let at = properties.member(odd.field)?.member("currency")?.path ?? properties.path.appending(.key(odd.field))
        throw BillingDocumentError(
            file: properties.file,
            jsonPath: at.description,
            expected:
                "\(billing), the billing currency of invoice \(invoice) (its \(listed) \(fields.count == 1 ? "is" : "are") in \(billing))",
            found:
                "\(odd.currency): every amount of one invoice is in its billing currency; an amount in another currency is not the same money"
        )
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
                for member in object.members { if let child = current.member(member.key) { pending.append(child) } }
            }
        }
        return links
    }
}
