/// The machine-readable summary of a reconciliation (`reconciliation.json`).
public struct ReconciliationSummary: Sendable, Codable {
    /// One invoice's outcome.
    public struct InvoiceOutcome: Sendable, Codable {
        /// The invoice.
        public var invoiceId: String
        /// The currency.
        public var currency: String
        /// Invoiced (pre-tax).
        public var invoiced: Amount
        /// Computed from the cost rows.
        public var computed: Amount
        /// invoiced − computed.
        public var variance: Amount
        /// The invoice-level status.
        public var status: VarianceStatus
        /// Lines outside tolerance, at every level (``ExceptionCount/all``).
        public var exceptions: Int
    }

    /// The Reckon version that wrote it.
    public var reckonVersion: String
    /// Lines per status.
    public var statusCounts: [String: Int]
    /// Lines per level and status.
    public var levelCounts: [String: [String: Int]]
    /// One entry per invoice.
    public var invoices: [InvoiceOutcome]
    /// The bridges from charges to amount due: each invoice's figures and its reconciling items,
    /// which add up exactly.
    public var bridges: [BridgeSummary]
    /// Every exception line.
    public var exceptions: [VarianceLine]
    /// Meters charged above the price sheet.
    public var priceSheetFindings: [PriceSheetFinding]
    /// Rows whose cost is not quantity × effective price.
    public var priceFlaggedRows: Int
    /// Where the cost rows went.
    public var rows: RowCounts
    /// Where the price-sheet export's rows went (its rejects are not in ``rows``); absent without one.
    public var priceSheetRows: RowCounts?
    /// The cost files read, with their rows.
    public var costFiles: [String: Int]
    /// The documents read.
    public var documents: [String]
    /// Notes on inputs skipped or assumed.
    public var notes: [String]
    /// Whether anything is outside tolerance.
    public var hasExceptions: Bool

    /// Summarises a run.
    public init(_ run: ReconcileRun) {
        let reconciliation = run.reconciliation
        reckonVersion = ReckonVersion.current
        var statuses: [String: Int] = [:]
        var levels: [String: [String: Int]] = [:]
        for line in reconciliation.lines {
            statuses[line.status.rawValue, default: 0] += 1
            levels[line.level.rawValue, default: [:]][line.status.rawValue, default: 0] += 1
        }
        statusCounts = statuses
        levelCounts = levels
        invoices = reconciliation.lines.filter { $0.level == .invoice }
            .map { line in
                InvoiceOutcome(
                    invoiceId: line.invoiceId,
                    currency: line.currency,
                    invoiced: line.invoiced,
                    computed: line.computed,
                    variance: line.variance,
                    status: line.status,
                    exceptions: reconciliation.exceptionCount(invoiceId: line.invoiceId, currency: line.currency).all
                )
            }
        bridges = reconciliation.bridges.map(BridgeSummary.init)
        exceptions = reconciliation.exceptions
        priceSheetFindings = reconciliation.priceSheetFindings
        priceFlaggedRows = reconciliation.flaggedRowCount
        rows = run.counts
        priceSheetRows = run.priceSheetCounts
        costFiles = Dictionary(uniqueKeysWithValues: run.files.map { ($0.file.displayName, $0.counts.read) })
        documents = run.documentNames
        notes = reconciliation.notes
        hasExceptions = !reconciliation.exceptions.isEmpty || !reconciliation.priceSheetFindings.isEmpty
    }

    /// A few lines for a terminal.
    public func text() -> String {
        var out = ReportText()
        for invoice in invoices {
            let digits = CurrencyCode(invoice.currency).minorUnitDigits
            // By invoice and currency: an EA billing period has a line per currency.
            let sentence = ExceptionCount(
                exceptions.filter { $0.invoiceId == invoice.invoiceId && $0.currency == invoice.currency }
            )
            .sentence
            out +=
                "\(invoice.invoiceId) \(invoice.currency): invoiced \(invoice.invoiced.grouped(digits)), computed \(invoice.computed.grouped(digits)), variance \(invoice.variance.grouped(digits)) → \(invoice.status.rawValue); \(sentence)\n"
        }
        if !exceptions.isEmpty {
            out += "\(ExceptionCount(exceptions).sentence):\n"
            for line in exceptions {
                let digits = CurrencyCode(line.currency).minorUnitDigits
                let reason = line.reason.map { " (\($0.rawValue))" } ?? ""
                out +=
                    "  \(line.invoiceId) \(line.level.rawValue) \(line.key): \(line.status.rawValue)\(reason), invoiced \(line.invoiced.grouped(digits)), computed \(line.computed.grouped(digits)), variance \(line.variance.grouped(digits))\n"
            }
        }
        for finding in priceSheetFindings {
            out +=
                "price: meter \(finding.meterName) (\(finding.meterId)) charged \(finding.chargedPerUnit) per unit, price sheet \(finding.sheetPerUnit); overcharge \(finding.overcharge.grouped(2)) \(finding.currency) on \(finding.units) units\n"
        }
        if priceFlaggedRows > 0 {
            out += "price: \(priceFlaggedRows) row(s) whose cost is not quantity × effective price\n"
        }
        out +=
            "cost rows: \(rows.read) read, \(rows.used) used, \(rows.filteredTotal) filtered, \(rows.rejectedTotal) rejected\n"
        if let sheet = priceSheetRows {
            out +=
                "price-sheet rows: \(sheet.read) read, \(sheet.used) used, \(sheet.filteredTotal) filtered, \(sheet.rejectedTotal) rejected\n"
        }
        let counts = statusCounts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        out += "lines: \(counts)\n"
        for note in notes { out += "note: \(note)\n" }
        return out.text
    }
}
