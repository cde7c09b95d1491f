/// What `FixtureGenerator.generate` wrote, and the totals a reader of the data must reproduce.
public struct GenerationSummary: Sendable, Hashable {
    /// A written file.
    public struct File: Sendable, Hashable {
        /// The path relative to the output directory.
        public var path: String
        /// Bytes on disk (compressed size for `.csv.gz`).
        public var byteCount: Int
        /// Data rows (header excluded) for CSV files; `nil` for JSON and Markdown.
        public var dataRows: Int?
    }

    /// Σ costInBillingCurrency of one currency in each export (all rows, cost allocation included).
    public struct CurrencyTotal: Sendable, Hashable {
        /// The billing currency.
        public var currency: CurrencyCode
        /// Σ in the final ActualCost run.
        public var actual: Amount
        /// Σ in the AmortizedCost run.
        public var amortized: Amount
    }

    /// One invoice: the cost computed from the actual rows against the invoiced amounts.
    public struct InvoiceTotal: Sendable, Hashable {
        /// The invoice name (`G118264930`), also the cost rows' invoiceId.
        public var invoiceName: String
        /// The billing currency.
        public var currency: CurrencyCode
        /// Σ costInBillingCurrency of the final actual rows with this invoiceId and no
        /// costAllocationRuleName (RoundingAdjustment rows included).
        public var computedCost: Amount
        /// The invoice's subTotal (= billedAmount = Σ transaction subTotals).
        public var subTotal: Amount
        /// The header's taxAmount (as written, including a planted error).
        public var taxAmount: Amount
        /// The header's totalAmount (= amountDue).
        public var totalAmount: Amount
        /// Transactions across all pages.
        public var transactionCount: Int
    }

    /// One export run folder.
    public struct ExportRun: Sendable, Hashable {
        /// The export's name (`contoso-mca-actual`).
        public var exportName: String
        /// `ActualCost` or `AmortizedCost`.
        public var type: String
        /// The run's GUID, also its folder name.
        public var runId: String
        /// When the run was submitted (ISO 8601 with 7 fractional digits and Z).
        public var submittedTime: String
        /// The run folder relative to the output directory (`costdetails/<export>/<month>/<runId>`).
        public var folder: String
        /// True for the older MonthToDate run that a reader must ignore.
        public var superseded: Bool
        /// Its part files.
        public var blobs: [File]
    }

    /// The export runs: final ActualCost, final AmortizedCost, superseded ActualCost.
    public var exports: [ExportRun]
    /// Every file written, sorted by path.
    public var files: [File] = []
    /// Data rows of the final ActualCost run, the AmortizedCost run and the superseded ActualCost run.
    public var actualRows: Int
    /// Data rows of the AmortizedCost run.
    public var amortizedRows: Int
    /// Data rows of the superseded ActualCost run.
    public var supersededRows: Int
    /// Cost-allocation rows in each of the final exports.
    public var costAllocationRows: Int
    /// Totals per billing currency, sorted by code.
    public var totals: [CurrencyTotal]
    /// One entry per invoice (billing profile).
    public var invoices: [InvoiceTotal]
    /// The planted differences, as README.md lists them.
    public var plantedDifferences: [PlantedDifference] = []

    init(
        actual: FixtureExportWriter,
        amortized: FixtureExportWriter,
        superseded: FixtureExportWriter,
        invoices: [FixtureInvoice],
        profiles: [FixtureProfile]
    ) {
        exports = [(actual, false), (amortized, false), (superseded, true)]
            .map { writer, old in
                ExportRun(
                    exportName: writer.run.exportName,
                    type: writer.run.type,
                    runId: writer.run.runId,
                    submittedTime: writer.run.submittedTime,
                    folder: writer.folder,
                    superseded: old,
                    blobs: writer.blobs.map { File(path: $0.name, byteCount: $0.byteCount, dataRows: $0.dataRowCount) }
                )
            }
        actualRows = actual.totals.rows
        amortizedRows = amortized.totals.rows
        supersededRows = superseded.totals.rows
        costAllocationRows = actual.totals.allocationRows
        var byCurrency: [CurrencyCode: (Amount, Amount)] = [:]
        for profile in profiles {
            var entry = byCurrency[profile.currency] ?? (.zero, .zero)
            entry.0 += actual.totals.costByProfile[profile.index]
            entry.1 += amortized.totals.costByProfile[profile.index]
            byCurrency[profile.currency] = entry
        }
        totals = byCurrency.keys.sorted()
            .map { code in
                let entry = byCurrency[code] ?? (.zero, .zero)
                return CurrencyTotal(currency: code, actual: entry.0, amortized: entry.1)
            }
        self.invoices = invoices.map { invoice in
            InvoiceTotal(
                invoiceName: invoice.profile.invoiceName,
                currency: invoice.profile.currency,
                computedCost: invoice.computedTotal,
                subTotal: invoice.subTotal,
                taxAmount: invoice.taxAmount,
                totalAmount: invoice.totalAmount,
                transactionCount: invoice.lines.filter { $0.invoiced != nil }.count
            )
        }
    }
}
