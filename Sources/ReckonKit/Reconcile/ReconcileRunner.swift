import Foundation
import Logging

/// What `reckon reconcile` produced: the reconciliation and where every input row went.
public struct ReconcileRun: Sendable {
    /// The comparison.
    public var reconciliation: Reconciliation
    /// Every cost file read (actual cost only), with its counts.
    public var files: [FileReadResult]
    /// Rows over all cost files.
    public var counts: RowCounts
    /// Invoice and transaction files read (paths as found).
    public var documents: [String]
    /// The same files relative to the month folder, for outputs.
    public var documentNames: [String] = []
    /// Rows of the price-sheet export (CSV) and where they went; `nil` without one.
    public var priceSheetCounts: RowCounts?
}

/// Reads a month's inputs and reconciles them: the I/O edge around the pure ``Reconciler``.
public enum ReconcileRunner {
    /// Reads `month`, rolls the actual cost up in one parallel pass, reads the invoice documents,
    /// and reconciles.
    ///
    /// Only actual cost (or FOCUS, which carries `BilledCost`) is read: amortized cost is for
    /// chargeback, never for the invoice. A month with only amortized data is an error that says so.
    ///
    /// - Throws: ``IngestError`` or ``BillingDocumentError`` for unreadable inputs; in strict mode
    ///   the first rejected row.
    public static func run(
        month: MonthFolder,
        config: ReconcileConfig,
        options: IngestOptions = IngestOptions(),
        reject: (RejectedRow) throws -> Void,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> ReconcileRun {
        let (plan, notes) = try costPlan(of: month)
        var pool = StringPool()
        let sink = makeSink(config)
        var fold = ReconcileFold(rollup: sink)
        let pass = try ParallelIngest(options: options)
            .read(
                plan: plan,
                pool: &pool,
                makeSink: { sink },
                skipNotCostData: plan.scanned,
                reject: reject,
                progress: progress,
                checkHeader: { index, schema in try requireInvoiceIds(plan.files[index], schema) },
                lend: { index, metric in fold.lend(index, metric: metric) },
                each: { index, read in fold.add(index, read) }
            )
        fold.attach(pass.digests)
        return try reconcile(
            month: month,
            config: config,
            plan: plan,
            notes: notes,
            fold: fold,
            notCostData: pass.notCostData,
            pool: pool,
            reject: reject
        )
    }

    /// The cost files reconciliation reads: actual cost only; a file whose metric is not known yet
    /// is read and judged by its rows. Notes say what was left out.
    /// - Throws: ``IngestError`` when the month has only amortized cost.
    static func costPlan(of month: MonthFolder) throws -> (plan: InputPlan, notes: [String]) {
        var notes = month.costPlan.notes
        var plan = month.costPlan
        let amortized = plan.files.filter { $0.metric == .amortized }
        if !amortized.isEmpty {
            notes.append("left out \(amortized.count) amortized cost file(s): invoices are reconciled with actual cost")
        }
        plan.files = plan.files.filter { $0.metric != .amortized }
        plan.runChecks = plan.runChecks.compactMap { check in
            // Re-index the manifest checks after the filter.
            let kept = check.fileIndices.compactMap { index in plan.files.firstIndex(of: month.costPlan.files[index]) }
            return kept.count == check.fileIndices.count
                ? RunCheck(manifest: check.manifest, fileIndices: kept, expectedRows: check.expectedRows) : nil
        }
        guard !plan.files.isEmpty || month.costPlan.files.isEmpty else {
            throw IngestError(
                file: month.costPlan.files.first?.displayName ?? "-",
                problem:
                    "no actual cost data: reconciliation compares invoices with actual cost (ActualCost or FOCUS exports); only amortized cost was found"
            )
        }
        return (plan, notes)
    }

    /// Reconciliation matches MCA rows to invoices by `invoiceId`: an MCA export whose header has
    /// no such column (renamed or cut) would put every row on no invoice and every invoice at
    /// 0.00, so it is an error, as a missing `billingCurrency` is, before any row is read.
    /// (`inspect` and `allocate` do not need the column; they note it.) A saved usage-details
    /// page is not an export and is left to its own reading.
    /// - Throws: ``IngestError`` at the header line.
    static func requireInvoiceIds(_ file: CostInputFile, _ schema: CostSchema) throws(IngestError) {
        guard schema.kind == .mca, schema.index(of: .invoiceId) == nil, !file.isUsageDetailsPage else { return }
        throw IngestError(
            file: file.displayName,
            line: 1,
            problem:
                "the MCA header has no invoiceId column; reconciliation matches MCA rows to invoices by it (renamed or cut? inspect and allocate read the file without it)"
        )
    }

    /// An empty rollup with the configured row-price tolerance.
    static func makeSink(_ config: ReconcileConfig) -> InvoiceRollupSink {
        var sink = InvoiceRollupSink()
        sink.rowPriceRelative = config.rowPriceRelative
        return sink
    }

    /// Reconciles the rollup of a pass over ``costPlan(of:)`` (its own, or one shared with
    /// allocation) with the month's billing documents.
    static func reconcile(
        month: MonthFolder,
        config: ReconcileConfig,
        plan: InputPlan,
        notes: [String],
        fold: ReconcileFold,
        notCostData: [Int: IngestError],
        pool: StringPool,
        reject: (RejectedRow) throws -> Void
    ) throws -> ReconcileRun {
        var notes = notes + fold.notes
        let (rollup, files, counts, rowsRead) = (fold.rollup, fold.files, fold.counts, fold.rowsRead)
        for index in notCostData.keys.sorted() {
            notes.append(
                "skipped \(plan.files[index].displayName): not cost data (\(notCostData[index]?.problem ?? ""))"
            )
        }
        // Invoices alone can be checked (their headers add up or not); nothing at all cannot.
        let hasDocuments = !month.invoicePages.isEmpty || !month.transactionPages.isEmpty
        try plan.requireCostData(
            rowsRead: rowsRead,
            notCostData: notCostData,
            folder: month.root,
            documentsOnly: hasDocuments
        )
        // With no cost file at all the month folder already said so; here files were found, but
        // none was cost data.
        if rowsRead.isEmpty && !month.costPlan.files.isEmpty {
            notes.append("no cost file was read: every invoice line is reported as missing usage")
        }
        try plan.verifyRowCounts(rowsRead)
        notes += files.readingNotes(pool: pool)
        if let note = files.assumedMetricNote() { notes.append(note) }

        // Documents.
        var documents: [String] = []
        var invoices: [Invoice] = []
        if !month.invoicePages.isEmpty {
            let pages = try month.invoicePages.sorted(by: pageOrder)
                .map { BillingPageFile(path: $0, bytes: try FileSystem.read($0)) }
            invoices = try BillingDocumentReader.readPagesOrResource(Invoice.self, from: pages)
            documents += pages.map(\.path)
        } else if files.contains(where: { $0.schema.kind.hasInvoiceIds }) {
            // EA rows are compared with balances.json instead, so the note is about MCA and FOCUS.
            // Without an invoice list the transactions still stand for their invoices: each is
            // compared with the Σ of its lines, and only rows of an invoice with none are not invoiced.
            var note =
                month.transactionPages.isEmpty
                ? "no invoices.json: every MCA or FOCUS cost row is reported as not invoiced"
                : "no invoices.json: no invoice header is checked; each invoice is compared with the Σ of its transactions (transactions/), and MCA or FOCUS cost rows of an invoice without transactions are reported as not invoiced"
            // An export folder given as the month: the billing documents sit a level up.
            if let root = month.root {
                let parent = URL(fileURLWithPath: root).standardizedFileURL.deletingLastPathComponent().path
                if FileSystem.exists(parent + "/invoices.json") {
                    note +=
                        "; \(parent)/invoices.json is in the folder above: give the month folder, \(parent), not a folder inside it"
                }
            }
            notes.append(note)
        }
        notes += month.unreadDocumentNotes()
        var transactions: [String: [InvoiceTransaction]] = [:]
        for series in try BillingPageSeries.group(month.transactionPages) {
            let pages = try series.paths.map { BillingPageFile(path: $0, bytes: try FileSystem.read($0)) }
            let lines = try BillingDocumentReader.readPages(InvoiceTransaction.self, from: pages)
            let fallback = series.name.split(separator: "/").last.map(String.init) ?? series.name
            var pending = 0
            for line in lines {
                if line.isPending {
                    pending += 1
                    continue
                }
                let name = line.invoice.flatMap { $0.isEmpty ? nil : $0 } ?? fallback
                transactions[name, default: []].append(line)
            }
            if pending > 0 {
                notes.append(
                    "\(month.relative(series.paths[0])): \(pending) pending transaction(s) left out (not invoiced yet)"
                )
            }
            documents += series.paths
        }
        var priceSheet: [PriceSheetEntry] = []
        var priceSheetCounts: RowCounts?
        if let path = month.priceSheet {
            if path.lowercased().hasSuffix(".json") {
                let items = try BillingDocumentReader.readPages(
                    PriceSheetItem.self,
                    from: [BillingPageFile(path: path, bytes: try FileSystem.read(path))]
                )
                priceSheet = items.compactMap(PriceSheetEntry.init)
            } else {
                // Named relative to the month folder, as the cost rows' files are: rejects.csv must not
                // depend on where the month folder is (a close is byte-identical wherever it runs).
                let read = try PriceSheetReader.read(path: path, displayName: month.relative(path), reject: reject)
                priceSheet = read.entries
                priceSheetCounts = read.counts
                // Its rejects go to rejects.csv with the cost rows', but the cost rows' counts
                // do not hold them: say so here.
                if read.counts.rejectedTotal > 0 {
                    notes.append(
                        "\(month.relative(path)): \(read.counts.rejectedTotal) price-sheet row(s) rejected (listed in rejects.csv with line, column and reason); the meters on them are not checked against the price sheet"
                    )
                }
            }
            documents.append(path)
        }
        var balances: [Balance] = []
        if let path = month.balances {
            balances = try BillingDocumentReader.readPagesOrResource(
                Balance.self,
                from: [BillingPageFile(path: path, bytes: try FileSystem.read(path))]
            )
            documents.append(path)
        }
        var reservations: [ReservationTransaction] = []
        if let path = month.reservationTransactions {
            reservations = try BillingDocumentReader.readPages(
                ReservationTransaction.self,
                from: [BillingPageFile(path: path, bytes: try FileSystem.read(path))]
            )
            documents.append(path)
        }

        let input = ReconcileInput(
            rollup: rollup,
            pool: pool,
            fileNames: plan.files.map(\.displayName),
            invoices: invoices,
            transactions: transactions,
            priceSheet: priceSheet,
            balances: balances,
            reservationTransactions: reservations
        )
        var reconciliation = Reconciler.reconcile(input, config: config)
        reconciliation.notes = notes + reconciliation.notes
        var run = ReconcileRun(reconciliation: reconciliation, files: files, counts: counts, documents: documents)
        run.documentNames = documents.map(month.relative)
        run.priceSheetCounts = priceSheetCounts
        return run
    }

    /// `x.json` before `x.page2.json` before `x.page10.json`.
    static func pageOrder(_ a: String, _ b: String) -> Bool {
        func page(_ path: String) -> Int {
            guard let range = path.range(of: ".page", options: .backwards) else { return 1 }
            return Int(path[range.upperBound...].prefix { $0.isNumber }) ?? 1
        }
        return (page(a), a) < (page(b), b)
    }
}

/// The cost side of reconciliation, folded file by file as a pass finishes them, so memory holds
/// one rollup, not one per file.
struct ReconcileFold {
    var rollup: InvoiceRollupSink
    /// An empty rollup with the same settings, left in place while `rollup` is lent.
    let empty: InvoiceRollupSink
    /// The file `rollup` is lent to.
    var lentTo: Int?
    var files: [FileReadResult] = []
    var counts = RowCounts()
    var rowsRead: [Int: Int] = [:]
    var notes: [String] = []

    init(rollup: InvoiceRollupSink) {
        self.rollup = rollup
        self.empty = rollup
    }

    /// Lends the rollup to a file known to hold actual cost, for its ranges to be merged into
    /// directly (``ParallelIngest/read(plan:pool:makeSink:skipNotCostData:reject:progress:checkHeader:lend:each:)``).
    mutating func lend(_ index: Int, metric: CostMetric) -> InvoiceRollupSink? {
        guard metric != .amortized, lentTo == nil else { return nil }
        lentTo = index
        var lent = empty
        swap(&lent, &rollup)
        return lent
    }

    /// Takes the rollup back without a file (a paired stage would not lend its own).
    mutating func giveBack(_ sink: InvoiceRollupSink) {
        rollup = sink
        lentTo = nil
    }

    /// Adds a file: its rows if they are actual cost; a note if they turned out amortized.
    mutating func add(_ index: Int, _ read: FileRead<InvoiceRollupSink>) {
        if lentTo == index {
            // The file's rows were merged straight into the rollup lent to it.
            giveBack(read.sink)
        } else if read.result.metric == .amortized {
            notes.append(
                "left out \(read.result.file.displayName): its rows show amortized cost (unused commitment rows)"
            )
            return
        } else {
            rollup.merge(read.sink, remap: .unchanged, lineShift: 0)
        }
        files.append(read.result)
        counts.add(read.result.counts)
        rowsRead[index] = read.result.counts.read
    }

    /// Puts the pass's digests on the files.
    mutating func attach(_ digests: [String: FileDigest]) { files.attach(digests) }
}
