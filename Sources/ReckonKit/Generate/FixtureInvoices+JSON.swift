import Foundation

extension FixtureScenario {
    private var accountPath: String { "/providers/Microsoft.Billing/billingAccounts/\(company.accountId)" }

    /// The invoice list response body (api-version 2024-04-01): one invoice per billing profile.
    func invoiceListJSON(_ invoices: [FixtureInvoice]) -> FixtureJSON {
        .object([("value", .array(invoices.map(invoiceJSON))), ("nextLink", .null)])
    }

    private func invoiceJSON(_ invoice: FixtureInvoice) -> FixtureJSON {
        let profile = invoice.profile
        let currency = profile.currency
        var properties: [(String, FixtureJSON)] = [
            ("amountDue", .money(invoice.totalAmount, currency)),
            ("azurePrepaymentApplied", .money(invoice.prepayment, currency)),
            ("billedAmount", .money(invoice.subTotal, currency)), ("billingProfileDisplayName", .string(profile.name)),
            ("billingProfileId", .string("\(accountPath)/billingProfiles/\(profile.id)")),
            ("creditAmount", .money(invoice.credit, currency)), ("documentType", .string("Invoice")),
            ("documents", .array([.object([("name", .string(profile.invoiceName)), ("kind", .string("Invoice"))])])),
            ("dueDate", .string(monthDate(offset: 2, day: 4))),
            ("freeAzureCreditApplied", .money(invoice.freeCredit, currency)),
            ("invoiceDate", .string(monthDate(offset: 1, day: 5))),
            ("invoicePeriodEndDate", .string(calendar.isoDate(calendar.days) + "T00:00:00Z")),
            ("invoicePeriodStartDate", .string(calendar.isoDate(1) + "T00:00:00Z")),
            ("invoiceType", .string("AzureServices")), ("isMonthlyInvoice", .bool(true)),
            ("purchaseOrderNumber", .string(profile.index == 0 ? "PO-2026-0417" : "")),
        ]
        if profile.subtotalLevelTax { properties.append(("specialTaxationType", .string("SubtotalLevel"))) }
        properties += [
            ("status", .string("Due")), ("subTotal", .money(invoice.subTotal, currency)),
            ("taxAmount", .money(invoice.taxAmount, currency)), ("totalAmount", .money(invoice.totalAmount, currency)),
        ]
        return .object([
            ("name", .string(profile.invoiceName)), ("type", .string("Microsoft.Billing/billingAccounts/invoices")),
            ("id", .string("\(accountPath)/invoices/\(profile.invoiceName)")), ("properties", .object(properties)),
        ])
    }

    /// `yyyy-MM-ddT00:00:00Z` for a day `offset` months after the billing month.
    private func monthDate(offset: Int, day: Int) -> String {
        let months = calendar.year * 12 + calendar.month - 1 + offset
        let month = months % 12 + 1
        return "\(months / 12)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)T00:00:00Z"
    }

    /// The transactions of an invoice as list-by-invoice response pages chained by `nextLink`.
    ///
    /// - Returns: (file name, body) per page: `<invoice>.json`, `<invoice>.page2.json`, ...
    func transactionPages(_ invoice: FixtureInvoice, pageSize: Int, seed: UInt64) -> [(String, FixtureJSON)] {
        var random = FixtureRandom(seed: seed, stream: 40 + UInt64(invoice.profile.index))
        let lines = invoice.lines.filter { $0.invoiced != nil }
        let size = max(1, pageSize)
        let pageCount = max(1, (lines.count + size - 1) / size)
        let name = invoice.profile.invoiceName
        var pages: [(String, FixtureJSON)] = []
        for page in 0..<pageCount {
            let slice = lines[min(lines.count, page * size)..<min(lines.count, (page + 1) * size)]
            let values = slice.map { transactionJSON($0, invoice: invoice, id: random.guid()) }
            let next: FixtureJSON =
                page + 1 < pageCount
                ? .string(
                    "https://management.azure.com\(accountPath)/invoices/\(name)/transactions"
                        + "?api-version=2024-04-01&$skipToken=page\(page + 2)"
                ) : .null
            pages.append(
                (
                    page == 0 ? "\(name).json" : "\(name).page\(page + 1).json",
                    .object([("value", .array(values)), ("nextLink", next)])
                )
            )
        }
        return pages
    }

    private func transactionJSON(_ line: FixtureInvoiceLine, invoice: FixtureInvoice, id: String) -> FixtureJSON {
        let profile = invoice.profile
        let currency = profile.currency
        let section = profile.sections[line.key.section]
        let profilePath = "\(accountPath)/billingProfiles/\(profile.id)"
        let subTotal = line.invoiced ?? .zero
        let details = line.details
        var discount = Amount.zero
        if !details.marketPrice.isZero && details.marketPrice > details.effectivePrice {
            discount = (details.marketPrice - details.effectivePrice).fixtureOver(details.marketPrice).rounded(scale: 4)
        }
        return .object([
            ("name", .string(id)), ("type", .string("Microsoft.Billing/billingAccounts/billingProfiles/transactions")),
            ("id", .string("\(profilePath)/transactions/\(id)")),
            (
                "properties",
                .object([
                    ("azureCreditApplied", .money(.zero, currency)), ("azurePlan", .string(line.key.productOrderName)),
                    ("billingCurrency", .string(currency.code)), ("billingProfileDisplayName", .string(profile.name)),
                    ("billingProfileId", .string(profilePath)),
                    ("consumptionCommitmentDecremented", .money(.zero, currency)),
                    ("date", .string(calendar.isoDate(details.day) + "T00:00:00Z")), ("discount", .amount(discount)),
                    ("effectivePrice", .money(details.effectivePrice, currency)), ("exchangeRate", .number("1")),
                    ("invoice", .string(profile.invoiceName)),
                    ("invoiceId", .string("\(accountPath)/invoices/\(profile.invoiceName)")),
                    ("invoiceSectionDisplayName", .string(section.name)),
                    ("invoiceSectionId", .string("\(profilePath)/invoiceSections/\(section.id)")),
                    (
                        "isThirdParty",
                        .bool(line.key.serviceFamily == "SaaS" || line.details.productType.hasSuffix("Licenses"))
                    ), ("kind", .string("Other")), ("marketPrice", .money(details.marketPrice, currency)),
                    ("pricingCurrency", .string(currency.code)),
                    ("productDescription", .string(line.details.description)),
                    ("productFamily", .string(line.key.serviceFamily)), ("productType", .string(details.productType)),
                    ("productTypeId", .string(details.productTypeId)), ("quantity", .int(1)),
                    ("servicePeriodEndDate", .string(calendar.isoDate(calendar.days) + "T00:00:00Z")),
                    ("servicePeriodStartDate", .string(calendar.isoDate(1) + "T00:00:00Z")),
                    ("subTotal", .money(subTotal, currency)), ("tax", .money(line.tax, currency)),
                    ("transactionAmount", .money(subTotal + line.tax, currency)),
                    ("transactionType", .string(details.transactionType)),
                    ("unitOfMeasure", .string(details.unitOfMeasure)), ("unitType", .string(details.unitOfMeasure)),
                    ("units", .amount(line.quantity)),
                ])
            ),
        ])
    }
}
