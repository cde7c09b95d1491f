/// Everything the HTML pages show, gathered once: the typed results of the stages.
public struct PackReport: Sendable {
    /// The reconciliation run.
    public var reconcile: ReconcileRun
    /// The first rejected rows (all are in rejects.csv).
    public var rejects: [RejectedRow]
    /// Number formats.
    public var format: ReportFormat
    /// The company (billing account) name.
    public var company: String
    /// "October 2026".
    public var periodLabel: String
    /// The files of the pack with a word on each, for the index.
    public var files: [(name: String, about: String)]
    /// The chargeback, when allocation ran.
    public var chargeback: ChargebackView?
    /// Cost files read for the chargeback only (the amortized export).
    public var chargebackInputs: [FileReadResult] = []
    /// Σ cost the chargeback allocated, by currency and charge type, when it read other files
    /// than the invoices' (``AllocationRun/costByChargeType``): the other side of ``CostBridge``.
    public var chargebackCost: [String: [String: Amount]] = [:]

    /// Creates a report.
    public init(
        reconcile: ReconcileRun,
        rejects: [RejectedRow],
        format: ReportFormat,
        company: String,
        periodLabel: String,
        files: [(name: String, about: String)],
        chargeback: ChargebackView? = nil
    ) {
        self.reconcile = reconcile
        self.rejects = rejects
        self.format = format
        self.company = company
        self.periodLabel = periodLabel
        self.files = files
        self.chargeback = chargeback
    }
}

/// Builds the contexts of the HTML pages from a ``PackReport`` and renders them with the templates.
///
/// Pages show aggregates and exceptions with links to the full CSV files, never 100,000-row tables.
public enum ReportPages {
    static func label(_ status: VarianceStatus) -> String { status.rawValue.replacing("_", with: " ") }

    static func base(_ report: PackReport, current: String, root: String = "") -> [String: Any] {
        let pages = [("index.html", "Summary"), ("reconciliation.html", "Reconciliation"), ("audit.html", "Audit")]
        return [
            "period_label": report.periodLabel, "period": report.periodLabel, "company": report.company,
            "reckon_version": ReckonVersion.current, "root": root,
            "nav": pages.map { ["href": root + $0.0, "label": $0.1, "current": $0.0 == current] as [String: Any] },
        ]
    }

    static func lineContext(_ line: VarianceLine, _ format: ReportFormat) -> [String: Any] {
        [
            "invoice": line.invoiceId, "level": line.level.rawValue.replacing("_", with: " "), "key": line.key,
            "description": line.description, "invoiced": format.money(line.invoiced, line.currency),
            "computed": format.money(line.computed, line.currency),
            "variance": format.money(line.variance, line.currency), "tolerance": format.exact(line.tolerance),
            "status": line.status.rawValue, "status_label": label(line.status),
            "reason": line.reason?.rawValue.replacing("_", with: " ") ?? "", "rows": format.count(line.sourceRows),
        ]
    }

    /// `index.html`.
    public static func index(_ report: PackReport, templates: TemplateSet) throws(TemplateError) -> String {
        let format = report.format
        let reconciliation = report.reconcile.reconciliation
        var context = base(report, current: "index.html")
        let invoices = reconciliation.lines.filter { $0.level == .invoice }
        context["invoice_count"] = format.count(invoices.count)
        // Every cost file the close read: the invoices' (actual cost) and the chargeback's own
        // (the amortized export), as the table of inputs lists them.
        let costFiles = report.reconcile.files + report.chargebackInputs
        context["cost_files"] = format.count(costFiles.count)
        context["rows_read"] = format.count(costFiles.reduce(0) { $0 + $1.counts.read })
        // One count everywhere (``ExceptionCount``): invoice lines and header rules outside tolerance,
        // with the roll-up totals above them beside it, each labelled.
        let actionable = reconciliation.exceptions.filter(ExceptionCount.isLineOrRule)
        let count = reconciliation.exceptionCount()
        var cards: [[String: Any]] = [
            [
                "label": "Outside tolerance", "value": format.count(count.linesAndRules),
                "sub":
                    "invoice lines and header rules; \(format.count(count.all)) lines at every level with \(format.count(count.rollUps)) roll-up totals (audit.html)",
            ],
            [
                "label": "Cost rows reconciled", "value": format.count(report.reconcile.counts.used),
                "sub": "used of \(format.count(report.reconcile.counts.read)) actual-cost rows read",
            ],
            [
                "label": "Rejected rows", "value": format.count(report.reconcile.counts.rejectedTotal),
                "sub": "see audit.html",
            ],
        ]
        // Like with like: the charges invoiced before tax against the charges computed from the cost
        // rows; the invoice's total after prepayment, credits and tax is named as such.
        for bridge in reconciliation.bridges {
            let code = bridge.currency
            var sub =
                "charges invoiced before tax, against \(format.money(bridge.computedCharges, code)) computed from the cost rows"
            if let total = bridge.total {
                sub += "; invoice total \(format.money(total, code)) after prepayment, credits and tax"
            }
            cards.append([
                "label": "Invoice \(bridge.invoiceId)",
                "value": "\(code) \(bridge.invoicedCharges.map { format.money($0, code) } ?? "-")", "sub": sub,
            ])
        }
        context["cards"] = cards
        let bridges = Dictionary(
            reconciliation.bridges.map { ($0.invoiceId, $0) },
            uniquingKeysWith: { first, _ in first }
        )
        context["invoices"] = invoices.map { line -> [String: Any] in
            [
                "invoice": line.invoiceId, "anchor": anchor(line.invoiceId),
                "profile": bridges[line.invoiceId]?.billingProfile ?? "", "currency": line.currency,
                "invoiced": format.money(line.invoiced, line.currency),
                "computed": format.money(line.computed, line.currency),
                "variance": format.money(line.variance, line.currency), "status": line.status.rawValue,
                "status_label": label(line.status),
                "exceptions": format.count(
                    reconciliation.exceptionCount(invoiceId: line.invoiceId, currency: line.currency).linesAndRules
                ),
                "exceptions_all": format.count(
                    reconciliation.exceptionCount(invoiceId: line.invoiceId, currency: line.currency).all
                ),
            ]
        }
        // The headline: meter lines and header rules outside tolerance, largest first.
        let headlines =
            actionable.sorted { ($0.variance.magnitude, $1.invoiceId) > ($1.variance.magnitude, $0.invoiceId) }
            .prefix(12)
        context["headlines"] = headlines.map { lineContext($0, format) }
        context["headlines_note"] =
            headlines.count < actionable.count
            ? "The \(format.count(headlines.count)) largest of the \(format.count(actionable.count)) invoice lines and header rules outside tolerance."
            : "The \(format.count(actionable.count)) invoice lines and header rules outside tolerance, largest first."
        context["has_headlines"] = !headlines.isEmpty
        if let chargeback = report.chargeback {
            context["allocation"] =
                [
                    "summary": chargeback.summary,
                    "currencies": chargeback.currencies.map { group -> [String: Any] in
                        [
                            "currency": group.code, "direct": group.direct, "received": group.received,
                            "given": group.given, "total": group.total, "tie": group.tie,
                            "centers": group.centers.map {
                                [
                                    "path": $0.path, "file": $0.file, "owner": $0.owner, "currency": $0.currency,
                                    "direct": $0.direct, "received": $0.received, "given": $0.given, "total": $0.total,
                                    "subtree_total": $0.subtreeTotal, "budget": $0.budget, "budget_used": $0.budgetUsed,
                                    // False, not "", when within budget: a string opens the section.
                                    "over_budget": $0.overBudget.isEmpty ? false : $0.overBudget as Any,
                                ]
                            },
                        ]
                    },
                ] as [String: Any]
        }
        context["files"] = report.files.map { ["name": $0.name, "about": $0.about] }
        context["inputs"] = (report.reconcile.files + report.chargebackInputs)
            .map { file -> [String: Any] in
                [
                    "file": file.file.displayName, "kind": "\(file.schema.kind.rawValue) \(file.metric.rawValue) cost",
                    "read": format.count(file.counts.read), "used": format.count(file.counts.used),
                    "filtered": format.count(file.counts.filteredTotal),
                    "rejected": format.count(file.counts.rejectedTotal),
                ]
            }
        // From the invoices' cost (actual) to the chargeback's (amortized), when they differ.
        if !report.chargebackInputs.isEmpty && !report.chargebackCost.isEmpty {
            context["has_cost_bridges"] = true
            context["cost_bridges"] = CostBridge.make(actual: reconciliation.costByKind, charged: report.chargebackCost)
                .map { bridge -> [String: Any] in
                    let code = bridge.currency
                    let (rows, total) = bridge.displayed(digits: CurrencyCode(code).minorUnitDigits)
                    return [
                        "currency": code,
                        "rows": rows.map { row in
                            [
                                "label": row.label, "actual": format.money(row.actual, code),
                                "charged": format.money(row.charged, code),
                                "difference": format.money(row.charged - row.actual, code),
                            ]
                        }, "actual": format.money(total.actual, code), "charged": format.money(total.charged, code),
                        "difference": format.money(total.charged - total.actual, code),
                    ]
                }
        }
        // The reconciliation's notes on the inputs, then the chargeback's warnings and notes.
        // A note on the inputs both read is shown once.
        let reconciled = Set(reconciliation.notes)
        context["notes"] =
            reconciliation.notes + (report.chargeback?.diagnostics ?? []).filter { !reconciled.contains($0) }
        return try templates.render("html.index", context)
    }

    /// `reconciliation.html`.
    public static func reconciliation(_ report: PackReport, templates: TemplateSet) throws(TemplateError) -> String {
        let format = report.format
        let reconciliation = report.reconcile.reconciliation
        var context = base(report, current: "reconciliation.html")
        var invoices: [[String: Any]] = []
        let names = reconciliation.lines.filter { $0.level == .invoice }.map(\.invoiceId)
        for name in names {
            let lines = reconciliation.lines.filter { $0.invoiceId == name }
            let currency = lines.first?.currency ?? ""
            var invoice: [String: Any] = ["invoice": name, "anchor": anchor(name), "currency": currency]
            if let bridge = reconciliation.bridges.first(where: { $0.invoiceId == name }) {
                invoice["profile"] = bridge.billingProfile ?? ""
                let digits = CurrencyCode(currency).minorUnitDigits
                let rows = BridgeRows.rows(bridge, digits: digits)
                    .map { row -> [String: Any] in
                        [
                            "label": row.label, "amount": format.money(row.amount, currency), "note": row.note,
                            "total": row.isSubtotal,
                        ]
                    }
                invoice["bridge"] = rows
            }
            invoice["header"] = lines.filter { $0.level == .header }.map { lineContext($0, format) }
            let levels: [(ReconcileLevel, String, String)] = [
                (.section, "Invoice sections", "Section"), (.productOrder, "Product orders", "Section | product order"),
                (.serviceFamily, "Service families", "Section | product order | service family"),
                (.meter, "Invoice lines (exceptions and the largest differences)", "Line"),
            ]
            invoice["levels"] = levels.map { level, title, column -> [String: Any] in
                let all = lines.filter { $0.level == level }
                // Every section-level line is shown; below that, exceptions and the 10 largest differences.
                let shown: [VarianceLine]
                if level == .section {
                    shown = all
                } else {
                    let exceptions = all.filter { $0.status.isException }
                    let largest = all.filter { !$0.status.isException }
                        .sorted { $0.variance.magnitude > $1.variance.magnitude }.prefix(10)
                    shown = (exceptions + largest).sorted { $0.key < $1.key }
                }
                var context: [String: Any] = [
                    "title": title, "column": column, "lines": shown.map { lineContext($0, format) },
                ]
                // Mustache treats an empty string as true, so the key is left out when nothing is hidden.
                // The hidden lines are not exceptions, but not all within tolerance: each status is counted.
                if all.count > shown.count {
                    let hidden = Set(shown)
                    let statuses = all.filter { !hidden.contains($0) }.map(\.status)
                    context["hidden"] = format.count(statuses.count)
                    context["hidden_statuses"] = VarianceStatus.allCases
                        .compactMap { status -> String? in
                            let count = statuses.filter { $0 == status }.count
                            return count == 0 ? nil : "\(format.count(count)) \(label(status))"
                        }
                        .joined(separator: ", ")
                }
                // The level's total over all its lines, shown or not: what the invoice line above adds up.
                if !all.isEmpty {
                    let invoiced = all.reduce(Amount.zero) { $0 + $1.invoiced }
                    let computed = all.reduce(Amount.zero) { $0 + $1.computed }
                    context["total"] = [
                        "label": all.count > shown.count ? "Total of all \(format.count(all.count)) lines" : "Total",
                        "invoiced": format.money(invoiced, currency), "computed": format.money(computed, currency),
                        "variance": format.money(invoiced - computed, currency),
                        "rows": format.count(all.reduce(0) { $0 + $1.sourceRows }),
                    ]
                }
                return context
            }
            invoices.append(invoice)
        }
        context["invoices"] = invoices
        priceFindings(reconciliation, format, into: &context)
        return try templates.render("html.reconciliation", context)
    }

    /// Meters charged above the price sheet, for `html.price-findings` (on the reconciliation page
    /// and the auditor's).
    static func priceFindings(
        _ reconciliation: Reconciliation,
        _ format: ReportFormat,
        into context: inout [String: Any]
    ) {
        context["price_findings"] = reconciliation.priceSheetFindings.map { finding -> [String: Any] in
            [
                "meter": "\(finding.meterName) (\(finding.meterId))",
                "units_note": "\(finding.costUnit) vs \(finding.sheetUnit)",
                "charged": format.exact(finding.chargedPerUnit), "sheet": format.exact(finding.sheetPerUnit),
                "units": format.exact(finding.units),
                "overcharge": "\(finding.currency) \(format.money(finding.overcharge, finding.currency))",
            ]
        }
        context["has_price_findings"] = !reconciliation.priceSheetFindings.isEmpty
    }

    /// `audit.html`.
    public static func audit(_ report: PackReport, templates: TemplateSet) throws(TemplateError) -> String {
        let format = report.format
        let reconciliation = report.reconcile.reconciliation
        let counts = report.reconcile.counts
        var context = base(report, current: "audit.html")
        context["rows_read"] = format.count(counts.read)
        context["rows_used"] = format.count(counts.used)
        context["rows_filtered"] = format.count(counts.filteredTotal)
        context["rows_rejected"] = format.count(counts.rejectedTotal)
        let count = reconciliation.exceptionCount()
        context["exception_count"] = format.count(count.all)
        context["exception_lines"] = format.count(count.linesAndRules)
        context["exception_rollups"] = format.count(count.rollUps)
        context["exceptions"] = reconciliation.exceptions.map { lineContext($0, format) }
        context["has_exceptions"] = !reconciliation.exceptions.isEmpty
        context["flagged_count"] = format.count(reconciliation.flaggedRowCount)
        let flagged = reconciliation.flaggedRows.prefix(100)
        context["flagged"] = flagged.map { row -> [String: Any] in
            [
                "file": row.file, "file_parts": pathParts(row.file), "line": String(row.line), "meter": row.meter,
                "quantity": format.exact(row.quantity), "price": format.exact(row.effectivePrice),
                "cost": format.exact(row.cost), "expected": format.exact(row.expected),
            ]
        }
        context["has_flagged"] = !flagged.isEmpty
        priceFindings(reconciliation, format, into: &context)
        let rejects = report.rejects.prefix(100)
        context["rejects"] = rejects.map {
            [
                "file": $0.file, "file_parts": pathParts($0.file), "line": String($0.line), "column": $0.column ?? "",
                "reason": $0.reason,
            ]
        }
        context["has_rejects"] = !rejects.isEmpty
        context["rejects_more"] = counts.rejectedTotal > 0
        context["notes"] = reconciliation.notes
        return try templates.render("html.audit", context)
    }

    /// A file's path in pieces that each end at a `/`, for `html.audit`: the template puts a line
    /// break opportunity (`<wbr/>`) before every piece but the first (`wbr`), so a long path wraps
    /// only after a separator and a file name is never split.
    static func pathParts(_ path: String) -> [[String: Any]] {
        var parts: [String] = []
        var current = ""
        for character in path {
            current.append(character)
            if character == "/" {
                parts.append(current)
                current = ""
            }
        }
        if !current.isEmpty || parts.isEmpty { parts.append(current) }
        return parts.enumerated().map { index, part in ["text": part, "wbr": index > 0] }
    }

    /// An HTML id made of letters, digits and dashes only.
    static func anchor(_ text: String) -> String {
        "invoice-"
            + String(
                text.unicodeScalars.map {
                    ($0.properties.isAlphabetic || ("0"..."9").contains($0)) && $0.isASCII ? Character($0) : "-"
                }
            )
    }
}
