/// The kinds of billing document Reckon recognises beside cost details.
public enum BillingDocumentKind: String, Sendable, Codable {
    case invoices = "invoice list"
    case invoice = "invoice"
    case transactions = "transactions by invoice"
    case transactionSummary = "transaction summary"
    case priceSheet = "price sheet (Consumption API)"
    case priceSheetExport = "price sheet export"
    case priceSheetDownload = "price sheet download link"
    case budgets = "budgets"
    case balance = "balance (EA)"
    case reservationTransactions = "reservation transactions"
    case charges = "charges by invoice section"
    case usageDetails = "usage details (Consumption API)"
    case subscriptionMap = "subscription to cost-center map"
}

/// A total shown for a document: a label, a currency and an exact amount.
public struct DocumentTotal: Hashable, Sendable, Codable {
    /// What is summed (`billedAmount`, `transactionAmount` …).
    public var label: String
    /// The currency.
    public var currency: String
    /// The sum.
    public var amount: Amount
}

/// What `reckon inspect` found in one billing document (or one series of saved pages).
public struct DocumentInspection: Sendable, Codable {
    /// The file, or the first page of a series.
    public var file: String
    /// Every page file read, in order.
    public var pages: [String]
    /// The kind.
    public var kind: BillingDocumentKind
    /// The number of items (invoices, transactions, prices …).
    public var items: Int
    /// Sums per currency.
    public var totals: [DocumentTotal]
    /// Short lines worth showing (one per invoice, for example).
    public var details: [String]
    /// Rows of a CSV document (price sheet, map), with where they went.
    public var counts: RowCounts?
}

/// Recognises and summarises billing documents: invoices, transactions, summaries, price sheets,
/// budgets, balances, reservation transactions.
///
/// JSON is recognised by its content (the resource `type`, or the members it has), never by file
/// name alone; saved pages `x.json`, `x.page2.json` … are read as one list and their `nextLink`
/// chain is checked.
public enum DocumentInspector {
    /// Inspects the JSON files `relativePaths` under `folder`.
    ///
    /// - Returns: one inspection per recognised document or page series, and notes for files that
    ///   are JSON but not billing data.
    /// - Throws: ``BillingDocumentError`` for invalid JSON, a broken page chain, or a recognised
    ///   document with a malformed value.
    public static func inspectJSON(folder: String, relativePaths: [String]) throws -> (
        documents: [DocumentInspection], notes: [String]
    ) {
        var documents: [DocumentInspection] = []
        var notes: [String] = []
        for series in try BillingPageSeries.group(relativePaths) {
            let files = try series.paths.map { path in
                BillingPageFile(path: path, bytes: try FileSystem.read(folder == "" ? path : folder + "/" + path))
            }
            guard let first = files.first else { continue }
            let body = try BillingDocumentReader.body(of: first.bytes, file: first.path)
            guard let kind = classify(body, path: first.path) else {
                let type = body.member("type").flatMap { $0.value.stringValue } ?? body.value.kindDescription
                notes.append("skipped \(first.path): JSON that is not billing data Reckon reads (\(type))")
                continue
            }
            documents.append(try summarize(kind, files: files, body: body))
        }
        return (documents, notes)
    }

    /// Inspects a price-sheet export CSV.
    public static func inspectPriceSheetCSV(path: String, displayName: String, reject: (RejectedRow) throws -> Void)
        throws -> DocumentInspection
    {
        let result = try PriceSheetReader.read(path: path, displayName: displayName, reject: reject)
        let currencies = Set(result.entries.map(\.currency.code)).sorted()
        let units = Set(result.entries.map(\.unitOfMeasure))
        let meters = Set(result.entries.map(\.meterId))
        return DocumentInspection(
            file: displayName,
            pages: [displayName],
            kind: .priceSheetExport,
            items: result.entries.count,
            totals: [],
            details: [
                "\(result.layout) layout, \(meters.count) meters, \(units.count) units of measure, currencies \(currencies.joined(separator: ", "))"
            ],
            counts: result.counts
        )
    }

    /// The kind of a JSON body, or `nil` when it is not billing data.
    static func classify(_ body: JSONCursor, path: String) -> BillingDocumentKind? {
        let value = body.value
        if let items = value.value(forKeyIgnoringCase: "value")?.arrayValue {
            if let type = items.first?.value(forKeyIgnoringCase: "type")?.stringValue?.lowercased() {
                if type.hasSuffix("/invoices") { return .invoices }
                if type.contains("reservationtransactions") { return .reservationTransactions }
                if type.hasSuffix("/transactions") { return .transactions }
                if type.hasSuffix("/budgets") { return .budgets }
                if type.hasSuffix("/charges") || type.contains("chargesummary") { return .charges }
                if type.hasSuffix("/usagedetails") { return .usageDetails }
                if type.hasSuffix("/balances") { return .balance }
                return nil
            }
            let properties = items.first?.value(forKeyIgnoringCase: "properties")
            if properties?.value(forKeyIgnoringCase: "transactionAmount") != nil { return .transactions }
            if properties?.value(forKeyIgnoringCase: "billedAmount") != nil { return .invoices }
            // An empty list: the folder it was saved in is all there is to go on.
            if items.isEmpty {
                let lower = path.lowercased()
                if lower.hasPrefix("transactions/") || lower.contains("/transactions/") { return .transactions }
                if lower.contains("invoices") { return .invoices }
            }
            return nil
        }
        let properties = value.value(forKeyIgnoringCase: "properties")
        if properties?.value(forKeyIgnoringCase: "pricesheets") != nil { return .priceSheet }
        if properties?.value(forKeyIgnoringCase: "downloadUrl") != nil { return .priceSheetDownload }
        if let type = value.value(forKeyIgnoringCase: "type")?.stringValue?.lowercased() {
            if type.hasSuffix("/invoices") { return .invoice }
            if type.hasSuffix("/budgets") { return .budgets }
            if type.hasSuffix("/balances") { return .balance }
            return nil
        }
        if value.value(forKeyIgnoringCase: "subTotal") != nil && value.value(forKeyIgnoringCase: "total") != nil {
            return .transactionSummary
        }
        return nil
    }

    static func summarize(_ kind: BillingDocumentKind, files: [BillingPageFile], body: JSONCursor) throws
        -> DocumentInspection
    {
        var totals = TotalsBuilder()
        var details: [String] = []
        var unfinished: String?
        func pages<Item: BillingResourceDecodable>(_ type: Item.Type, from files: [BillingPageFile]) throws -> [Item] {
            let (items, link) = try DocumentInspector.lenientPages(type, from: files)
            if let link { unfinished = link }
            return items
        }
        /// A list's pages, or one resource saved on its own (no `value` array).
        func pagesOrResource<Item: BillingResourceDecodable>(_ type: Item.Type) throws -> [Item] {
            body.value.value(forKeyIgnoringCase: "value") != nil
                ? try pages(type, from: files)
                : [try BillingDocumentReader.readResource(type, from: files[0].bytes, file: files[0].path)]
        }
        let items: Int
        switch kind {
        case .invoices, .invoice:
            let invoices: [Invoice] =
                kind == .invoice
                ? [try BillingDocumentReader.readResource(Invoice.self, from: files[0].bytes, file: files[0].path)]
                : try pages(Invoice.self, from: files)
            items = invoices.count
            for invoice in invoices {
                totals.add("billedAmount", invoice.billedAmount)
                totals.add("totalAmount", invoice.totalAmount)
                let currency = invoice.totalAmount?.currency ?? invoice.billedAmount?.currency
                var line = "\(invoice.name ?? "(no name)") \(currency?.code ?? "")"
                let digits = (currency ?? .unknown).minorUnitDigits
                if let billed = invoice.billedAmount { line += " billed \(billed.amount.grouped(digits))" }
                // What comes off before tax, so the line can be followed to the total.
                let deductions = [
                    ("prepayment", invoice.azurePrepaymentApplied), ("credit", invoice.creditAmount),
                    ("free credit", invoice.freeAzureCreditApplied),
                ]
                for (label, money) in deductions {
                    if let money, !money.amount.isZero { line += ", \(label) −\(money.amount.grouped(digits))" }
                }
                if let tax = invoice.taxAmount { line += ", tax \(tax.amount.grouped(digits))" }
                if let total = invoice.totalAmount { line += ", total \(total.amount.grouped(digits))" }
                // The header rule reconcile checks (``Invoice/totalFromParts``), said here when it
                // does not hold, so a document that does not add up is seen before a close.
                if let total = invoice.totalAmount?.amount, let parts = invoice.totalFromParts, parts != total {
                    line += " (its parts add up to \(parts.grouped(digits)))"
                }
                if let status = invoice.status { line += ", \(status)" }
                if invoice.specialTaxationType != nil { line += ", tax at \(invoice.specialTaxationType ?? "")" }
                details.append(line)
            }
        case .transactions:
            let transactions = try pages(InvoiceTransaction.self, from: files)
            items = transactions.count
            var pending = 0
            var invoiceNames: Set<String> = []
            // A pending transaction is on no invoice yet (reconcile leaves it out), so its amounts
            // are totalled apart: the plain totals are what the invoices named here hold.
            for transaction in transactions {
                let prefix = transaction.isPending ? "pending " : ""
                totals.add(prefix + "transactionAmount", transaction.transactionAmount)
                totals.add(prefix + "subTotal", transaction.subTotal)
                totals.add(prefix + "tax", transaction.tax)
                if transaction.isPending { pending += 1 }
                if let invoice = transaction.invoice { invoiceNames.insert(invoice) }
            }
            details.append(
                "invoices \(invoiceNames.sorted().joined(separator: ", "))\(pending > 0 ? "; \(pending) pending" : "")"
            )
        case .transactionSummary:
            let summary = try BillingDocumentReader.readResource(
                TransactionSummary.self,
                from: files[0].bytes,
                file: files[0].path
            )
            items = 1
            totals.add("subTotal", summary.subTotalMoney)
            totals.add("tax", summary.taxMoney)
            totals.add("total", summary.totalMoney)
        case .priceSheet:
            let prices = try pages(PriceSheetItem.self, from: files)
            items = prices.count
            let units = Set(prices.compactMap(\.unitOfMeasure))
            details.append(
                "\(Set(prices.compactMap(\.meterId)).count) meters, units \(units.sorted().joined(separator: ", "))"
            )
        case .priceSheetDownload:
            items = 0
            details.append("an asynchronous download link, not prices: download the CSV it points to")
        case .budgets:
            let budgets = try pagesOrResource(Budget.self)
            items = budgets.count
            for budget in budgets {
                let amount = budget.amount.map { $0.grouped(2) } ?? "-"
                let spend = budget.currentSpend.map { " (spent \($0.amount.grouped(2)) \($0.currency.code))" } ?? ""
                details.append(
                    "\(budget.name ?? "(no name)"): \(amount) per \(budget.timeGrain ?? "period")\(spend), \(budget.notifications.count) notification rule(s)"
                )
            }
        case .balance:
            let balances = try pagesOrResource(Balance.self)
            items = balances.count
            for balance in balances {
                let currency = balance.currency ?? .unknown
                if let usage = balance.totalUsage { totals.add("totalUsage", Money(amount: usage, currency: currency)) }
                if let marketplace = balance.azureMarketplaceServiceCharges {
                    totals.add("azureMarketplaceServiceCharges", Money(amount: marketplace, currency: currency))
                }
                details.append(
                    "\(currency.code): beginning \(balance.beginningBalance?.grouped(2) ?? "-"), utilized \(balance.utilized?.grouped(2) ?? "-"), ending \(balance.endingBalance?.grouped(2) ?? "-")"
                )
            }
        case .reservationTransactions:
            let transactions = try pages(ReservationTransaction.self, from: files)
            items = transactions.count
            for transaction in transactions { totals.add("amount", transaction.amountMoney) }
            let events = Dictionary(grouping: transactions, by: { $0.eventType ?? "(none)" })
                .map { "\($0.key) \($0.value.count)" }.sorted()
            details.append("events: \(events.joined(separator: ", "))")
        case .charges:
            let charges = try pages(ChargeSummary.self, from: files)
            items = charges.count
            for charge in charges {
                totals.add("azureCharges", charge.azureCharges)
                totals.add("marketplaceCharges", charge.marketplaceCharges)
                totals.add("chargesBilledSeparately", charge.chargesBilledSeparately)
            }
        case .usageDetails:
            var count = 0
            for file in files {
                let page = try BillingDocumentReader.readRawPage(from: file.bytes, file: file.path)
                for item in page.items {
                    count += 1
                    guard let properties = item.member("properties") else { continue }
                    let currency =
                        try properties.currency("billingCurrencyCode") ?? properties.currency("billingCurrency")
                        ?? .unknown
                    if let cost = try properties.amount("costInBillingCurrency") ?? properties.amount("cost") {
                        totals.add("costInBillingCurrency", Money(amount: cost, currency: currency))
                    }
                }
            }
            items = count
        case .priceSheetExport, .subscriptionMap: items = 0
        }
        if let unfinished {
            details.append(
                "incomplete: the last saved page has a nextLink, so the list goes on at \(unfinished); save that page as the next .pageN.json before a close"
            )
        }
        return DocumentInspection(
            file: files[0].path,
            pages: files.map(\.path),
            kind: kind,
            items: items,
            totals: totals.result,
            details: details,
            counts: nil
        )
    }
}

extension DocumentInspector {
    /// Joins the pages like ``BillingDocumentReader/readPages(_:from:)``, except that a last page
    /// whose `nextLink` is still set is returned with that link rather than fatal: inspect shows
    /// what is there and says the list goes on.
    static func lenientPages<Item: BillingResourceDecodable>(_ type: Item.Type, from files: [BillingPageFile]) throws
        -> ([Item], String?)
    {
        do { return (try BillingDocumentReader.readPages(type, from: files), nil) } catch {
            guard error.jsonPath == "nextLink" else { throw error }
        }
        var items: [Item] = []
        var link: String?
        for file in files {
            let page = try BillingDocumentReader.readPage(type, from: file.bytes, file: file.path)
            items += page.items
            link = page.nextLink
        }
        return (items, link)
    }
}

/// Sums money per (label, currency), in first-seen label order and sorted currencies.
struct TotalsBuilder {
    var labels: [String] = []
    var sums: [String: [String: Amount]] = [:]

    mutating func add(_ label: String, _ money: Money?) {
        guard let money else { return }
        if sums[label] == nil { labels.append(label) }
        sums[label, default: [:]][money.currency.code, default: .zero] += money.amount
    }

    var result: [DocumentTotal] {
        labels.flatMap { label in
            (sums[label] ?? [:]).sorted { $0.key < $1.key }
                .map { DocumentTotal(label: label, currency: $0.key, amount: $0.value) }
        }
    }
}
