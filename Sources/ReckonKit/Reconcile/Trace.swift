/// Which compared line to list the source rows of: a row of `variances.csv`.
public struct TraceTarget: Sendable {
    /// `invoice_id`.
    public var invoiceId: String
    /// `level`.
    public var level: ReconcileLevel
    /// `key` (ignored at the invoice level).
    public var key: String
    /// `currency`, when given: the line of rows without an invoice id and an EA billing period's
    /// are one line per currency.
    public var currency: String?

    /// Creates a target.
    public init(invoiceId: String, level: ReconcileLevel, key: String, currency: String? = nil) {
        self.invoiceId = invoiceId
        self.level = level
        self.key = key
        self.currency = currency
    }
}

/// One source row of a compared line.
public struct TracedRow: Hashable, Sendable {
    /// The file.
    public var file: String
    /// The line in the file.
    public var line: Int
    /// The charge type.
    public var chargeType: String
    /// The meter (or product) name.
    public var meter: String
    /// The charge day.
    public var date: String
    /// The cost.
    public var cost: Amount
}

/// Collects the cost rows behind one line of `variances.csv`: the second pass an auditor asks for.
///
/// It applies exactly the grouping of ``Reconciler``: the same filter (cost-allocation rows), the
/// same fields per level, the same normalisation (trimmed, case-insensitive), the same
/// rounding-adjustment line. Run it on one thread so line numbers are final as read.
public struct TraceSink: MergeableSink {
    let target: TraceTarget
    let fields: [LineKeyField]
    let wanted: String
    /// The matching rows, in reading order.
    public var rows: [(fileIndex: Int, line: Int, chargeType: UInt32, meter: UInt32, date: Day?, cost: Amount)] = []
    /// The invoices the rows name (last path segment), to tell a mistyped invoice id from a line
    /// with no rows.
    public var invoices: Set<String> = []
    /// The charge types' ids, looked up at the first row (the reader interns them into the pool).
    var known: KnownCharges?

    /// Creates a sink for `target`, with the meter-level key of `config`.
    public init(target: TraceTarget, config: ReconcileConfig) {
        self.target = target
        switch target.level {
        case .header, .invoice: fields = []
        case .section: fields = [.invoiceSection]
        case .productOrder: fields = [.invoiceSection, .productOrder]
        case .serviceFamily: fields = [.invoiceSection, .productOrder, .serviceFamily]
        case .meter: fields = config.lineKey
        }
        wanted = Builder.normalized(
            target.key.split(separator: "|", omittingEmptySubsequences: false).map { $0 == "(none)" ? "" : String($0) }
        )
    }

    /// The invoice rollup's columns, so a trace keys rows as reconcile does.
    public var keyColumns: [CostColumn] { InvoiceRollupSink().keyColumns }

    /// Keeps the row when it falls under the traced line; returns why it is filtered, or nil when it is used.
    public mutating func add(_ record: CostRecord, pool: StringPool) -> String? {
        if record.isCostAllocation { return FilterReason.costAllocation }
        guard target.level != .header else { return nil }
        // A row without an invoice id is on its EA billing period's line ("EA 2023-09") when it
        // is an EA row with a billing period, and on the line of rows not invoiced yet otherwise,
        // as the invoice rollup keys it and variances.csv names it.
        var invoice = Builder.lastSegment(pool.string(record[.invoiceId]))
        if invoice.isEmpty {
            invoice = record.eaBillingPeriodStart.map { Reconciler.eaInvoice($0.yearMonth) } ?? Reconciler.noInvoiceId
        }
        invoices.insert(invoice)
        guard invoice == target.invoiceId else { return nil }
        if let currency = target.currency,
            CurrencyCode(pool.string(record[.billingCurrency])).code != CurrencyCode(currency).code
        {
            return nil
        }
        let meter = InvoiceLineKey.meter(of: record)
        if !fields.isEmpty {
            // The rows the reconciler puts on the meter level's adjustment line, by the same rule.
            if known == nil { known = KnownCharges(pool: pool) }
            let isRounding = known?.kind(of: record[.chargeType]) == .rounding
            let key: String
            if isRounding && target.level == .meter {
                key = "(rounding adjustment)"
            } else {
                let line = InvoiceLineKey(record, kind: .usage, billingPeriodStart: nil)
                key = Builder.normalized(fields.map { line.field($0, text: pool.string) })
            }
            guard key == wanted else { return nil }
        }
        rows.append(
            (
                record.fileIndex, record.line, record[.chargeType], meter, record.date,
                record.billedCost ?? record.cost ?? .zero
            )
        )
        return nil
    }

    /// Appends another range's matching rows, their line numbers shifted by `lineShift`.
    public mutating func merge(_ other: TraceSink, remap: IDRemap, lineShift: Int) {
        invoices.formUnion(other.invoices)
        for row in other.rows {
            rows.append(
                (row.fileIndex, row.line + lineShift, remap[row.chargeType], remap[row.meter], row.date, row.cost)
            )
        }
    }
}

extension ReconcileRunner {
    /// Lists the actual-cost rows behind one compared line, in file and line order.
    ///
    /// - Throws: ``IngestError`` when no row is on the target's invoice at all (a mistyped id, or
    ///   the wrong month), naming the invoices the rows are on. A key with no rows on a known
    ///   invoice is an empty list: an invoice line with no usage (`missing_usage`) has none.
    public static func trace(month: MonthFolder, target: TraceTarget, config: ReconcileConfig, options: IngestOptions)
        throws -> [TracedRow]
    {
        var plan = month.costPlan
        plan.files = plan.files.filter { $0.metric != .amortized }
        plan.runChecks = []
        var pool = StringPool()
        var sequential = options
        sequential.threads = 1
        let (reads, _): ([FileRead<TraceSink>?], [Int: IngestError]) = try ParallelIngest(options: sequential)
            .read(
                plan: plan,
                pool: &pool,
                makeSink: { TraceSink(target: target, config: config) },
                skipNotCostData: true,
                reject: { _ in }
            )
        var result: [TracedRow] = []
        let invoices = reads.compactMap { $0 }.reduce(into: Set<String>()) { $0.formUnion($1.sink.invoices) }
        if target.level != .header, !invoices.contains(target.invoiceId) {
            let named = invoices.sorted().prefix(10).joined(separator: ", ") + (invoices.count > 10 ? ", …" : "")
            throw IngestError(
                file: month.root ?? plan.files.first?.displayName ?? "-",
                problem:
                    "no actual-cost row is on invoice \(target.invoiceId); the rows are on \(invoices.isEmpty ? "no invoice" : named) (the invoice_id column of variances.csv)"
            )
        }
        for read in reads.compactMap({ $0 }) where read.result.metric != .amortized {
            for row in read.sink.rows {
                result.append(
                    TracedRow(
                        file: plan.files[row.fileIndex].displayName,
                        line: row.line,
                        chargeType: pool.string(row.chargeType),
                        meter: pool.string(row.meter),
                        date: row.date?.description ?? "",
                        cost: row.cost
                    )
                )
            }
        }
        return result
    }
}
