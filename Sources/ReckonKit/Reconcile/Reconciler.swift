/// Everything reconciliation compares: the cost rollup and the invoice documents.
public struct ReconcileInput: Sendable {
    /// Actual cost rolled up by invoice line key (cost-allocation rows already filtered).
    public var rollup: InvoiceRollupSink
    /// The pool the rollup's ids belong to.
    public var pool: StringPool
    /// The display name of each cost file, by file index.
    public var fileNames: [String]
    /// The invoices.
    public var invoices: [Invoice]
    /// The invoice lines (transactions), by invoice name.
    public var transactions: [String: [InvoiceTransaction]]
    /// Prices to check effective prices against (may be empty).
    public var priceSheet: [PriceSheetEntry]
    /// EA usage summaries (balances), for EA data without invoice ids.
    public var balances: [Balance]
    /// EA reservation transactions: refunds that cost details do not carry.
    public var reservationTransactions: [ReservationTransaction]
    /// Units of measure and their block sizes.
    public var pricingUnits: PricingUnits

    /// Creates an input.
    public init(
        rollup: InvoiceRollupSink,
        pool: StringPool,
        fileNames: [String],
        invoices: [Invoice],
        transactions: [String: [InvoiceTransaction]],
        priceSheet: [PriceSheetEntry] = [],
        balances: [Balance] = [],
        reservationTransactions: [ReservationTransaction] = [],
        pricingUnits: PricingUnits = .shipped
    ) {
        self.rollup = rollup
        self.pool = pool
        self.fileNames = fileNames
        self.invoices = invoices
        self.transactions = transactions
        self.priceSheet = priceSheet
        self.balances = balances
        self.reservationTransactions = reservationTransactions
        self.pricingUnits = pricingUnits
    }
}

/// Compares invoices with the cost data, level by level. Pure: values in, a ``Reconciliation`` out.
///
/// For each invoice (MCA, or FOCUS with `InvoiceId`):
/// - **header**: the invoice's own totals are checked against each other, one line per rule;
/// - **invoice**: its pre-tax subtotal against Σ cost rows with its id (rounding rows included);
/// - **section → product order → service family → meter**: Σ invoice lines against Σ cost rows,
///   grouped by the level's fields; the meter level uses the configured line key.
///
/// Every invoice line and every group of cost rows lands on exactly one line per level, so at every
/// level Σ invoiced − Σ computed = Σ variance. EA data (no invoice id) is compared per billing
/// period with the usage summary (balances) and reservation refunds.
public enum Reconciler {
    /// The invoice column of the line for cost rows with no invoice id (charges not invoiced yet).
    public static let noInvoiceId = "(no invoice id)"

    /// The invoice column of an EA billing period's line (`EA 2023-09`): EA data has no invoice ids.
    static func eaInvoice(_ month: String) -> String { "EA " + month }

    /// Whether an invoice column names an EA billing period's line.
    public static func isEAInvoice(_ invoice: String) -> Bool { invoice.hasPrefix("EA ") }

    /// Reconciles `input` under `config`.
    public static func reconcile(_ input: ReconcileInput, config: ReconcileConfig) -> Reconciliation {
        var builder = Builder(input: input, config: config)
        builder.run()
        return builder.result()
    }
}

/// One side's contribution to a compared group.
struct GroupSums {
    var display: [String] = []
    var invoiced = Amount.zero
    var computed = Amount.zero
    var rows = 0
    var invoiceLines = 0
    var files: Set<Int> = []
    var kinds: Set<ChargeKind> = []
    var priceFlags = 0
    var hasPreviousInvoice = false
}

struct Builder {
    let input: ReconcileInput
    let config: ReconcileConfig
    var lines: [VarianceLine] = []
    var bridges: [InvoiceBridge] = []
    /// The invoice lines of the invoice being compared.
    var invoiceLineCount = 0
    var notes: [String] = []

    init(input: ReconcileInput, config: ReconcileConfig) {
        self.input = input
        self.config = config
    }

    func text(_ id: UInt32) -> String { input.pool.string(id) }

    /// The last path segment of an id (`/…/invoices/G123` → `G123`).
    static func lastSegment(_ id: String) -> String { String(id.split(separator: "/").last ?? Substring(id)) }

    static func normalized(_ parts: [String]) -> String {
        parts.map { $0.trimmingASCIIWhitespace().lowercased() }.joined(separator: "|")
    }

    mutating func run() {
        // Cost rows by invoice name and currency.
        var computedByInvoice: [String: [(InvoiceLineKey, InvoiceLineSums)]] = [:]
        var eaRows: [(InvoiceLineKey, InvoiceLineSums)] = []
        var pending: [String: GroupSums] = [:]
        for (key, sums) in input.rollup.lines {
            if key.invoice == 0 {
                if key.billingPeriodStart != nil {
                    eaRows.append((key, sums))
                } else {
                    // By currency code: `usd` and `USD` are one currency's line.
                    let currency = CurrencyCode(text(key.currency)).code
                    var group = pending[currency] ?? GroupSums()
                    group.computed += sums.cost
                    group.rows += sums.rows
                    group.files.formUnion(sums.files)
                    pending[currency] = group
                }
                continue
            }
            computedByInvoice[Builder.lastSegment(text(key.invoice)), default: []].append((key, sums))
        }
        var invoicesByName: [String: Invoice] = [:]
        for invoice in input.invoices {
            guard let name = invoice.name ?? invoice.id.map(Builder.lastSegment) else { continue }
            invoicesByName[name] = invoice
        }
        let names = Set(invoicesByName.keys).union(computedByInvoice.keys).union(input.transactions.keys).sorted()
        for name in names {
            reconcileInvoice(
                name,
                invoice: invoicesByName[name],
                rows: computedByInvoice[name] ?? [],
                transactions: input.transactions[name] ?? []
            )
        }
        for (currency, group) in pending.sorted(by: { $0.key < $1.key }) {
            append(
                invoice: Reconciler.noInvoiceId,
                level: .invoice,
                key: Reconciler.noInvoiceId,
                description: "cost rows without an invoice id: charges not invoiced yet",
                currency: currency,
                group: group,
                reason: .pending,
                outsideTolerance: .notInvoiced
            )
        }
        if !eaRows.isEmpty || !input.balances.isEmpty { reconcileEA(eaRows) }
        checkPrices()
        lines.sort { a, b in
            if a.invoiceId != b.invoiceId { return a.invoiceId < b.invoiceId }
            if a.level != b.level { return a.level < b.level }
            return a.key < b.key
        }
    }

    func result() -> Reconciliation {
        var flagged: [FlaggedRow] = input.rollup.flaggedRows.map { row in
            FlaggedRow(
                file: row.fileIndex < input.fileNames.count ? input.fileNames[row.fileIndex] : "#\(row.fileIndex)",
                line: row.line,
                meter: text(row.meter),
                quantity: row.quantity,
                effectivePrice: row.effectivePrice,
                cost: row.cost,
                expected: row.expected
            )
        }
        flagged.sort { ($0.file, $0.line) < ($1.file, $1.line) }
        var costByKind: [String: [ChargeKind: Amount]] = [:]
        for (key, sums) in input.rollup.lines {
            costByKind[CurrencyCode(text(key.currency)).code, default: [:]][key.kind, default: .zero] += sums.cost
        }
        var reconciliation = Reconciliation(
            lines: lines,
            bridges: bridges,
            priceSheetFindings: priceFindings,
            flaggedRows: flagged,
            flaggedRowCount: input.rollup.flaggedCount,
            notes: notes,
            billingPeriods: input.rollup.billingPeriods.sorted {
                ($0.lowerBound, $0.upperBound) < ($1.lowerBound, $1.upperBound)
            },
            billingAccounts: input.rollup.billingAccounts.members.map { text($0) }.sorted()
        )
        reconciliation.costByKind = costByKind
        return reconciliation
    }

    var priceFindings: [PriceSheetFinding] = []

    // MARK: - One invoice

    mutating func reconcileInvoice(
        _ name: String,
        invoice: Invoice?,
        rows: [(InvoiceLineKey, InvoiceLineSums)],
        transactions: [InvoiceTransaction]
    ) {
        let invoiceCurrency =
            invoice?.totalAmount?.currency.code ?? invoice?.billedAmount?.currency.code ?? transactions.first?.subTotal?
            .currency.code ?? rows.first.map { CurrencyCode(text($0.0.currency)).code } ?? ""
        let active = transactions.filter { !$0.isPending }
        invoiceLineCount = active.count
        if active.count < transactions.count {
            notes.append(
                "invoice \(name): \(transactions.count - active.count) pending transaction(s) left out (not invoiced yet)"
            )
        }
        for (key, _) in rows where CurrencyCode(text(key.currency)).code != invoiceCurrency {
            notes.append(
                "invoice \(name): cost rows in \(CurrencyCode(text(key.currency)).code), the invoice is in \(invoiceCurrency); compared as amounts"
            )
            break
        }
        if let invoice { checkHeader(name, invoice: invoice, transactions: active, currency: invoiceCurrency) }

        // Invoice level.
        var whole = GroupSums()
        for (key, sums) in rows { absorb(&whole, key: key, sums: sums) }
        whole.invoiced =
            invoice?.subTotal?.amount ?? invoice?.billedAmount?.amount
            ?? active.reduce(Amount.zero) { $0 + ($1.subTotal?.amount ?? .zero) }
        whole.invoiceLines = active.count
        if invoice == nil && active.isEmpty {
            append(
                invoice: name,
                level: .invoice,
                key: name,
                description: "cost rows name invoice \(name), which is not in the invoice list",
                currency: invoiceCurrency,
                group: whole,
                forceStatus: .notInvoiced
            )
        } else if rows.isEmpty {
            append(
                invoice: name,
                level: .invoice,
                key: name,
                description: "invoice \(name) has no cost rows",
                currency: invoiceCurrency,
                group: whole,
                forceStatus: .missingUsage
            )
        } else {
            append(
                invoice: name,
                level: .invoice,
                key: name,
                description: "invoice \(name): subtotal against Σ cost rows",
                currency: invoiceCurrency,
                group: whole
            )
        }
        bridges.append(
            InvoiceBridge(
                invoiceId: name,
                billingProfile: invoice?.billingProfileDisplayName,
                currency: invoiceCurrency,
                status: invoice?.status,
                computedCharges: rows.reduce(Amount.zero) { $0 + $1.1.cost },
                invoicedCharges: invoice?.subTotal?.amount ?? invoice?.billedAmount?.amount,
                tax: invoice?.taxAmount?.amount,
                prepayment: invoice?.azurePrepaymentApplied?.amount,
                credit: invoice?.creditAmount?.amount,
                freeCredit: invoice?.freeAzureCreditApplied?.amount,
                total: invoice?.totalAmount?.amount,
                amountDue: invoice?.amountDue?.amount,
                subtotalLevelTax: invoice?.isTaxedAtSubtotalLevel ?? false
            )
        )

        // The hierarchy below the invoice, then the lines.
        let levels: [(ReconcileLevel, [LineKeyField])] = [
            (.section, [.invoiceSection]), (.productOrder, [.invoiceSection, .productOrder]),
            (.serviceFamily, [.invoiceSection, .productOrder, .serviceFamily]), (.meter, config.lineKey),
        ]
        for (level, fields) in levels {
            var groups: [String: GroupSums] = [:]
            var order: [String] = []
            for (key, sums) in rows {
                let parts = fields.map { costField($0, key) }
                let match =
                    key.kind == .rounding && level == .meter ? "(rounding adjustment)" : Builder.normalized(parts)
                if groups[match] == nil {
                    order.append(match)
                    groups[match] = GroupSums(
                        display: key.kind == .rounding && level == .meter ? ["(rounding adjustment)"] : parts
                    )
                }
                absorb(&groups[match, default: GroupSums()], key: key, sums: sums)
            }
            for transaction in active {
                let parts = fields.map { transactionField($0, transaction) }
                let match = Builder.normalized(parts)
                if groups[match] == nil {
                    order.append(match)
                    groups[match] = GroupSums(display: parts)
                }
                groups[match, default: GroupSums()].invoiced += transaction.subTotal?.amount ?? .zero
                groups[match, default: GroupSums()].invoiceLines += 1
            }
            for match in order {
                guard let group = groups[match] else { continue }
                let keyText = group.display.map { $0.isEmpty ? "(none)" : $0 }.joined(separator: "|")
                append(
                    invoice: name,
                    level: level,
                    key: keyText,
                    description: describe(level, group),
                    currency: invoiceCurrency,
                    group: group
                )
            }
        }
    }

    func costField(_ field: LineKeyField, _ key: InvoiceLineKey) -> String { key.field(field, text: text) }

    func transactionField(_ field: LineKeyField, _ transaction: InvoiceTransaction) -> String {
        func nonEmpty(_ value: String?) -> String? {
            guard let value, !value.isEmpty else { return nil }
            return value
        }
        switch field {
        case .invoiceSection:
            return nonEmpty(transaction.invoiceSectionDisplayName) ?? transaction.invoiceSectionId.map(
                Builder.lastSegment
            ) ?? ""
        case .productOrder: return nonEmpty(transaction.azurePlan) ?? transaction.productType ?? ""
        case .serviceFamily: return transaction.productFamily ?? ""
        case .meter:
            // A line without a productDescription is named by its product order, then its type.
            return nonEmpty(transaction.productDescription) ?? nonEmpty(transaction.azurePlan) ?? transaction
                .productType ?? ""
        }
    }

    func absorb(_ group: inout GroupSums, key: InvoiceLineKey, sums: InvoiceLineSums) {
        group.computed += sums.cost
        group.rows += sums.rows
        group.files.formUnion(sums.files)
        group.kinds.insert(key.kind)
        group.priceFlags += sums.priceFlags
        if key.previousInvoice != 0 { group.hasPreviousInvoice = true }
    }

    func describe(_ level: ReconcileLevel, _ group: GroupSums) -> String {
        var words = "\(group.invoiceLines) invoice line(s), \(group.rows) cost row(s)"
        if group.kinds.contains(.rounding) && group.kinds.count == 1 {
            words = "rounding-adjustment rows: \(group.rows)"
        }
        if group.kinds.contains(.refund) { words += ", with a refund" }
        if group.kinds.contains(.purchase) { words += ", with a purchase" }
        if group.priceFlags > 0 { words += ", \(group.priceFlags) row(s) not priced as quantity × effective price" }
        return words
    }

    // MARK: - Classification

    /// Appends a compared line. `isInvoiceLine` marks a line compared as a whole though above the
    /// meter level (an EA billing period: its one usage summary), which gets a line's reasons.
    /// `outsideTolerance` is the status of a line outside its tolerance, instead of over or under
    /// invoiced (rows not invoiced yet are `not_invoiced`; a zero sum of them still matches).
    mutating func append(
        invoice: String,
        level: ReconcileLevel,
        key: String,
        description: String,
        currency: String,
        group: GroupSums,
        forceStatus: VarianceStatus? = nil,
        reason forcedReason: VarianceReason? = nil,
        isInvoiceLine: Bool = false,
        outsideTolerance: VarianceStatus? = nil
    ) {
        let variance = group.invoiced - group.computed
        let base = group.invoiced.isZero ? group.computed : group.invoiced
        // Each invoice line is rounded to the minor unit, so up to half a minor unit per line is
        // rounding, whatever the configured tolerance; above that the configured tolerance binds.
        let minorDigits = CurrencyCode(currency).minorUnitDigits
        let halfUnit = Amount(minorUnits: 5, scale: minorDigits + 1)
        // Rounding-adjustment rows carry the residue of every line of the invoice.
        let lineCount = group.kinds == [.rounding] ? max(group.invoiceLines, invoiceLineCount) : group.invoiceLines
        let rounding = halfUnit.multiplied(by: Amount(max(1, lineCount))) ?? halfUnit
        let tolerance = Swift.max(config.tolerance(level).allowance(for: base), rounding)
        let onlyRounding = group.kinds == [.rounding]
        var status: VarianceStatus
        if let forceStatus {
            status = forceStatus
        } else if group.invoiceLines == 0 && group.rows > 0 && !onlyRounding && level != .invoice {
            status = .notInvoiced
        } else if group.rows == 0 && group.invoiceLines > 0 && level != .invoice {
            status = .missingUsage
        } else if variance.isZero {
            status = .matched
        } else if variance.magnitude <= tolerance {
            status = .withinTolerance
        } else if onlyRounding {
            status = .notInvoiced
        } else {
            status = outsideTolerance ?? (variance.signum > 0 ? .overInvoiced : .underInvoiced)
        }
        var reason = forcedReason
        if reason == nil && status != .matched {
            // Rounding explains up to half a minor unit per invoice line; a larger difference the
            // tolerance allows has no reason Reckon can tell, nor has a larger sum of adjustment
            // rows (FOCUS's `Adjustment` is any adjustment, Azure's rounding among them).
            if variance.magnitude <= rounding && (onlyRounding || status == .withinTolerance) {
                reason = .rounding
            } else if level != .meter && !isInvoiceLine {
                // Above the line level a group mixes many kinds of rows; the reason is on its lines.
            } else if group.kinds.contains(.refund) {
                reason = .refund
            } else if group.hasPreviousInvoice {
                reason = .lateCharge
            } else if group.priceFlags > 0 {
                reason = .price
            }
        }
        let percent: Amount? =
            group.invoiced.isZero
            ? nil : variance.multiplied(by: Amount(100)).flatMap { $0.divided(by: group.invoiced.magnitude) }
        lines.append(
            VarianceLine(
                invoiceId: invoice,
                level: level,
                key: key,
                description: description,
                currency: currency,
                invoiced: group.invoiced,
                computed: group.computed,
                variance: variance,
                variancePercent: percent,
                tolerance: tolerance,
                status: status,
                reason: reason,
                sourceRows: group.rows,
                sourceFiles: group.files.sorted().map { $0 < input.fileNames.count ? input.fileNames[$0] : "#\($0)" },
                invoiceLines: group.invoiceLines
            )
        )
    }
}
