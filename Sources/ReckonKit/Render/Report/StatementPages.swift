import Dispatch
import Foundation

/// One chargeback statement per cost center, written for its department head: the total, what drove
/// it (services, subscriptions, resource groups), the shared costs received and why, and the budget.
public enum StatementPages {
    /// A statement to write: its file name under `statements/` and its HTML.
    public struct Page: Sendable {
        /// The file name (safe: see ``SafeFileName``).
        public var file: String
        /// The cost center's id.
        public var costCenter: String
        /// The HTML.
        public var html: String
    }

    /// Whether a cost center's charge in one currency is shown (on the index and as a statement):
    /// anything charged, moved or rolled up to it, or a budget. A row left out is all zeros, so the
    /// rows shown still add up to the currency's total.
    static func isShown(_ charge: CostCenterCharge) -> Bool {
        !charge.direct.isZero || !charge.sharedReceived.isZero || !charge.sharedGiven.isZero || !charge.total.isZero
            || !charge.subtreeTotal.isZero || charge.budget != nil
    }

    /// The statements of every cost center that was charged, moved shared cost, has cost below it
    /// or holds a budget, in path order, and the index page's view of them.
    ///
    /// A statement shows the cost center's own total (direct + received − given) and, for a parent,
    /// its subtree total with every cost center below it listed; the budget is measured against the
    /// subtree total and says so. Shared cost is listed twice: what came in from whom, and what went
    /// out to whom; what a pool keeps with its own source is said in words and counted as neither.
    public static func build(
        _ allocation: AllocationResult,
        report: PackReport,
        templates: TemplateSet,
        history: PackHistory = PackHistory()
    ) throws(TemplateError) -> (pages: [Page], view: ChargebackView) {
        let format = report.format
        let nodes = allocation.costCenters
        // Grouped once: filtering every line for every cost center was quadratic (seconds with
        // thousands of cost centers and tens of thousands of lines). Grouping keeps the order.
        let chargesByCenter = Dictionary(grouping: allocation.charges, by: \.costCenter)
        let linesByCenter = Dictionary(grouping: allocation.lines, by: \.costCenter)
        let byID = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var children: [String: [CostCenterNode]] = [:]
        for node in nodes { if let parent = node.parent { children[parent, default: []].append(node) } }
        // Which cost centers get a statement, first: a parent's page links to the pages below it.
        var names = SafeFileName()
        var files: [String: String] = [:]
        for node in nodes where (chargesByCenter[node.id] ?? []).contains(where: isShown) || !node.budgets.isEmpty {
            files[node.id] = names.make(node.id, suffix: ".html")
        }
        func label(_ id: String) -> String {
            guard let node = byID[id], !node.name.isEmpty, node.name != id else { return id }
            return id + " " + node.name
        }
        /// Every node below `id`, in path order.
        func descendants(of id: String) -> [CostCenterNode] {
            var found: [CostCenterNode] = []
            var stack = [id]
            while let next = stack.popLast() {
                for child in children[next] ?? [] {
                    found.append(child)
                    stack.append(child.id)
                }
            }
            return found.sorted { ByteOrder.precedes($0.path, $1.path) }
        }

        var pending: [(file: String, costCenter: String, context: [String: Any])] = []
        var centers: [ChargebackView.Center] = []
        for node in nodes {
            guard let file = files[node.id] else { continue }
            let charges = (chargesByCenter[node.id] ?? []).filter(isShown)
            let isParent = !(children[node.id] ?? []).isEmpty
            let below = isParent ? descendants(of: node.id) : []
            var context = ReportPages.base(report, current: "", root: "../")
            context["center_name"] = node.name
            context["center_path"] = node.path
            context["owner"] = node.owner.isEmpty ? "(none)" : node.owner
            context["gl_account"] = node.glAccount.isEmpty ? "(none)" : node.glAccount
            context["cost_basis"] = allocation.costBasis
            context["azure_rows"] = allocation.azureAllocationRows
            context["is_parent"] = isParent
            context["totals"] = charges.map { charge -> [String: Any] in
                let code = charge.currency.code
                func money(_ amount: Amount) -> String { format.money(amount, code) }
                var values: [String: Any] = [
                    "currency": code, "total": money(charge.total), "direct": money(charge.direct),
                    "received": money(charge.sharedReceived), "given": money(charge.sharedGiven),
                    "total_label": isParent ? "Own total" : "Total",
                ]
                if isParent {
                    var rows: [[String: Any]] = [
                        [
                            "cost_center": node.id, "name": node.name + " (own charges)", "owner": node.owner,
                            "currency": code, "total": money(charge.total), "indent": "8",
                        ]
                    ]
                    var sum = charge.total
                    var count = 0
                    for child in below {
                        guard let owned = chargesByCenter[child.id]?.first(where: { $0.currency == charge.currency }),
                            isShown(owned)
                        else { continue }
                        var row: [String: Any] = [
                            "cost_center": child.id, "name": child.name, "owner": child.owner, "currency": code,
                            "total": money(owned.total), "indent": String(8 + max(0, child.depth - node.depth) * 16),
                        ]
                        if let link = files[child.id] { row["file"] = link }
                        rows.append(row)
                        sum += owned.total
                        count += 1
                    }
                    values["subtree"] =
                        [
                            "total": money(charge.subtreeTotal), "own": money(charge.total),
                            "below": money(charge.subtreeTotal - charge.total), "count": format.count(count),
                            "rows": rows, "rows_total": money(sum),
                        ] as [String: Any]
                }
                if let budget = charge.budget {
                    var card = [
                        "budget": money(budget), "used": charge.budgetUsedPercent.map(format.percent) ?? "-",
                        "measure": (isParent ? "subtree total " : "total ") + money(charge.subtreeTotal),
                    ]
                    // Only when over: an empty string would still open the template's section.
                    if let over = charge.overBudget { card["over"] = money(over) }
                    values["budget"] = card
                }
                return values
            }
            let lines = linesByCenter[node.id] ?? []
            context["drivers"] = [
                driver("Services", "Service", lines, format) {
                    $0.meterCategory.isEmpty ? $0.serviceCategory : $0.meterCategory
                },
                driver("Subscriptions", "Subscription", lines, format) {
                    $0.subscriptionName.isEmpty ? $0.subscriptionId : $0.subscriptionName
                }, driver("Resource groups", "Resource group", lines, format) { $0.resourceGroup },
            ]
            .compactMap { $0 }
            let flows = sharedFlows(node.id, allocation: allocation, charges: charges, format: format, label: label)
            for (key, value) in flows { context[key] = value }
            context["trend"] = trend(
                node: node.id,
                subtree: isParent,
                charges: charges,
                allocation: allocation,
                history: history,
                format: format
            )
            pending.append((file, node.id, context))
            for charge in charges {
                let code = charge.currency.code
                centers.append(
                    ChargebackView.Center(
                        path: node.path,
                        file: file,
                        owner: node.owner,
                        currency: code,
                        direct: format.money(charge.direct, code),
                        received: format.money(charge.sharedReceived, code),
                        given: format.money(charge.sharedGiven, code),
                        total: format.money(charge.total, code),
                        subtreeTotal: format.money(charge.subtreeTotal, code),
                        budget: charge.budget.map { format.money($0, code) } ?? "",
                        budgetUsed: charge.budgetUsedPercent.map(format.percent) ?? "",
                        overBudget: charge.overBudget.map { format.money($0, code) } ?? ""
                    )
                )
            }
        }
        let pages = try render(pending, templates: templates)
        // In the table's own terms, so each figure here is the one its column sums to.
        let summary = allocation.shares
            .map { share -> String in
                let code = share.currency.code
                let total = share.total.isZero ? Amount.one : share.total
                let unallocated = format.percent(
                    share.unallocated.multiplied(by: Amount(100)).flatMap { $0.divided(by: total) } ?? .zero
                )
                return
                    "\(code) \(format.money(share.total, code)) = direct \(format.money(share.direct, code)) + shared received "
                    + "\(format.money(share.sharedReceived, code)) − shared given \(format.money(share.sharedGiven, code)), of which unallocated "
                    + "\(format.money(share.unallocated, code)) (\(unallocated))"
            }
            .joined(separator: ". ")
        let diagnostics =
            allocation.diagnostics.filter { $0.severity == .warning }
            + allocation.diagnostics.filter { $0.severity == .note }
        return (
            pages,
            ChargebackView(
                summary: summary + ". " + allocation.costBasis + ".",
                currencies: currencyGroups(allocation, centers: centers, format: format),
                diagnostics: diagnostics.map { $0.severity == .warning ? $0.description : $0.message }
            )
        )
    }

    /// The index's groups: per currency the rows, their sums, and how the total ties to the
    /// month's cost (``AllocationShares``).
    static func currencyGroups(_ allocation: AllocationResult, centers: [ChargebackView.Center], format: ReportFormat)
        -> [ChargebackView.Currency]
    {
        var sums: [String: (direct: Amount, received: Amount, given: Amount, total: Amount)] = [:]
        for charge in allocation.charges where isShown(charge) {
            var sum = sums[charge.currency.code] ?? (.zero, .zero, .zero, .zero)
            sum.direct += charge.direct
            sum.received += charge.sharedReceived
            sum.given += charge.sharedGiven
            sum.total += charge.total
            sums[charge.currency.code] = sum
        }
        return sums.keys.sorted()
            .map { code in
                let sum = sums[code] ?? (.zero, .zero, .zero, .zero)
                func money(_ amount: Amount) -> String { format.money(amount, code) }
                var tie = "no cost in \(code) this month"
                if let share = allocation.shares.first(where: { $0.currency.code == code }) {
                    tie =
                        "Total \(code) \(money(share.total)) = Σ direct \(money(share.billRounded)), the month's cost in the cost export rounded to the "
                        + "minor unit (exact \(format.exact(share.billExact)))"
                    tie +=
                        share.offBill.isZero
                        ? "; Σ received = Σ given, as shared cost only moved between cost centers"
                        : " + Σ received − Σ given \(money(share.offBill)), the off-bill amounts"
                }
                return ChargebackView.Currency(
                    code: code,
                    centers: centers.filter { $0.currency == code },
                    direct: money(sum.direct),
                    received: money(sum.received),
                    given: money(sum.given),
                    total: money(sum.total),
                    tie: tie
                )
            }
    }

    /// The statement's shared-cost tables: what came in and from whom, what went out and to whom,
    /// each with a total per currency, and what pools kept with this cost center as their source.
    static func sharedFlows(
        _ id: String,
        allocation: AllocationResult,
        charges: [CostCenterCharge],
        format: ReportFormat,
        label: (String) -> String
    ) -> [String: Any] {
        var received: [[String: Any]] = []
        var given: [[String: Any]] = []
        var kept: [String] = []
        var receivedSums: [CurrencyCode: Amount] = [:]
        var givenSums: [CurrencyCode: Amount] = [:]
        for step in allocation.steps {
            let code = step.currency.code
            func row(_ other: String, _ share: PoolShare) -> [String: Any] {
                [
                    "step": String(step.step), "pool": step.pool, "other": other, "method": step.method,
                    "basis": share.basis, "currency": code, "amount": format.money(share.amount, code),
                ]
            }
            if step.from != id {
                for share in step.shares where share.costCenter == id && !share.amount.isZero {
                    received.append(row(step.from.isEmpty ? "off-bill amount" : label(step.from), share))
                    receivedSums[step.currency, default: .zero] += share.amount
                }
                continue
            }
            var out = Amount.zero
            for share in step.shares where share.costCenter != id && !share.amount.isZero {
                given.append(row(label(share.costCenter), share))
                givenSums[step.currency, default: .zero] += share.amount
                out += share.amount
            }
            for share in step.shares where share.costCenter == id && !share.amount.isZero {
                kept.append(
                    "Step \(step.step) (\(step.pool)) split \(format.money(step.amount, code)) \(code) of this cost center's cost: "
                        + "\(format.money(out, code)) went to the other cost centers above, and \(format.money(share.amount, code)) stayed here as its own "
                        + "share: \(share.basis). What stayed never left, so it counts as neither given nor received."
                )
            }
        }
        func totals(_ sums: [CurrencyCode: Amount]) -> [[String: Any]] {
            charges.map(\.currency).filter { sums[$0] != nil }
                .map { ["currency": $0.code, "amount": format.money(sums[$0] ?? .zero, $0.code)] }
        }
        return [
            "received": received, "has_received": !received.isEmpty, "received_totals": totals(receivedSums),
            "given": given, "has_given": !given.isEmpty, "given_totals": totals(givenSums), "kept": kept,
        ]
    }

    /// Renders the statements on every core, each into its own slot, in order; the first page that
    /// fails (in order) is the error. Rendering is most of a statement's cost (at 10M rows, 375
    /// statements took a second on one core), and no page depends on another.
    static func render(_ pending: [(file: String, costCenter: String, context: [String: Any])], templates: TemplateSet)
        throws(TemplateError) -> [Page]
    {
        let contexts = UncheckedSendable(value: pending.map(\.context))
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8, max(1, pending.count / 8))
        let rendered = try parallelMap(count: pending.count, workers: workers) {
            (index) throws(TemplateError) -> String in try templates.render("html.statement", contexts.value[index])
        }
        return zip(pending, rendered).map { Page(file: $0.file, costCenter: $0.costCenter, html: $1) }
    }

    /// Month-over-month bars per currency: the earlier packs' totals, then this month; for a
    /// parent (`subtree`) its subtree totals, the figure its budget is measured against (its own
    /// total is often zero).
    static func trend(
        node: String,
        subtree: Bool,
        charges: [CostCenterCharge],
        allocation: AllocationResult,
        history: PackHistory,
        format: ReportFormat
    ) -> [[String: Any]] {
        guard !history.months.isEmpty else { return [] }
        let current = "\(Day.pad(allocation.period.start.year, 4))-\(Day.pad(allocation.period.start.month, 2))"
        var charts: [[String: Any]] = []
        // This month's currencies, then any an earlier month had and this one has not (charged 0.00
        // now: a currency left out would hide that its cost stopped).
        var series: [(code: String, now: Amount)] = charges.map {
            ($0.currency.code, subtree ? $0.subtreeTotal : $0.total)
        }
        var earlier: Set<String> = []
        for month in history.months {
            earlier.formUnion(month.totals[node].map { Array($0.keys) } ?? [])
            if subtree { earlier.formUnion(month.subtreeTotals[node].map { Array($0.keys) } ?? []) }
        }
        for code in earlier.subtracting(series.map(\.code)).sorted() { series.append((code, .zero)) }
        for (code, now) in series {
            var points: [(String, Amount)] = history.months.map { month in
                (month.period, (subtree ? month.subtreeTotals[node]?[code] : nil) ?? month.totals[node]?[code] ?? .zero)
            }
            points.append((current, now))
            let largest = points.map(\.1.magnitude).max() ?? .zero
            var bars: [[String: Any]] = []
            for (index, point) in points.enumerated() {
                let height =
                    largest.isZero
                    ? Amount.zero
                    : (point.1.magnitude.multiplied(by: Amount(120)).flatMap { $0.divided(by: largest) } ?? .zero)
                let pixels = Int(height.minorUnits(scale: 0))
                bars.append([
                    "x": String(40 + index * 90), "y": String(140 - pixels), "height": String(max(pixels, 1)),
                    "label_x": String(40 + index * 90), "month": point.0, "value": format.money(point.1, code),
                    "current": point.0 == current,
                ])
            }
            var chart: [String: Any] = ["currency": code, "bars": bars, "width": String(60 + points.count * 90)]
            // The change from the month before, in money and (when that month had cost) in percent.
            if points.count >= 2 {
                let (month, before) = points[points.count - 2]
                let change = now - before
                let sign = change > .zero ? "+" : ""
                var text = "\(current) against \(month): \(sign)\(format.money(change, code)) \(code)"
                if !before.isZero,
                    let ratio = change.multiplied(by: Amount(100)).flatMap({ $0.divided(by: before.magnitude) })
                {
                    text += " (\(sign)\(format.percent(ratio)))"
                }
                chart["change"] = text
            }
            charts.append(chart)
        }
        return charts
    }

    /// The most values of `key` a statement lists per currency; the rest are summed in one row.
    static let driverLimit = 8

    /// The top ``driverLimit`` values of `key` over `lines` in each currency, as bars and rows; the
    /// values below them are summed in an "other" row per currency, so each currency's rows add up
    /// to its direct cost and its shares to 100 %. (The top 8 were once taken over all currencies
    /// together, ranking GBP against USD amounts, and the rest were left out without a word.)
    static func driver(
        _ title: String,
        _ column: String,
        _ lines: [AllocationLine],
        _ format: ReportFormat,
        key: (AllocationLine) -> String
    ) -> [String: Any]? {
        var sums: [String: Amount] = [:]
        var totals: [String: Amount] = [:]
        for line in lines where line.kind == .direct {
            // Cost without the field (unused reservations have no subscription or resource group)
            // is named by its charge type, so "(none)" is not a mystery row.
            let label =
                !key(line).isEmpty ? key(line) : line.chargeType.isEmpty ? "(none)" : "(none: \(line.chargeType))"
            sums[label + "\u{1}" + line.currency.code, default: .zero] += line.amount
            totals[line.currency.code, default: .zero] += line.amount
        }
        guard !sums.isEmpty else { return nil }
        let sorted = sums.sorted { ($0.value.magnitude, $1.key) > ($1.value.magnitude, $0.key) }
        var kept: [String: Int] = [:]
        var rest: [String: (count: Int, amount: Amount)] = [:]
        var top: [(key: String, value: Amount)] = []
        for entry in sorted {
            let currency = String(entry.key.split(separator: "\u{1}", omittingEmptySubsequences: false).last ?? "")
            if kept[currency, default: 0] < driverLimit {
                kept[currency, default: 0] += 1
                top.append((entry.key, entry.value))
            } else {
                rest[currency, default: (0, .zero)].count += 1
                rest[currency, default: (0, .zero)].amount += entry.value
            }
        }
        for (currency, other) in rest.sorted(by: { $0.key < $1.key }) {
            top.append(("other (\(other.count) more)\u{1}\(currency)", other.amount))
        }
        let largest = top.map(\.value.magnitude).max() ?? .one
        var bars: [[String: Any]] = []
        var rows: [[String: Any]] = []
        for (index, entry) in top.enumerated() {
            let parts = entry.key.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
            let label = parts[0]
            let currency = parts.count > 1 ? parts[1] : ""
            // Bar widths in whole pixels out of 300, from exact amounts.
            let width =
                largest.isZero
                ? Amount.zero
                : (entry.value.magnitude.multiplied(by: Amount(300)).flatMap { $0.divided(by: largest) } ?? .zero)
            let pixels = max(1, Int(width.minorUnits(scale: 0)))
            let short = label.count > 40 ? String(label.prefix(39)) + "…" : label
            let value = "\(currency) \(format.money(entry.value, currency))"
            bars.append([
                "label": short, "y": String(index * 20 + 4), "text_y": String(index * 20 + 15), "width": String(pixels),
                "value_x": String(300 + pixels + 6), "value": value, "negative": entry.value.signum < 0,
            ])
            let total = totals[currency] ?? .one
            rows.append([
                "label": label, "currency": currency, "value": format.money(entry.value, currency),
                "share": format.percent(
                    entry.value.multiplied(by: Amount(100)).flatMap { $0.divided(by: total.isZero ? .one : total) }
                        ?? .zero
                ),
            ])
        }
        return [
            "title": title, "column": column, "bars": bars, "rows": rows, "height": String(top.count * 20 + 8),
            "has_negative": top.contains { $0.value.signum < 0 },
        ]
    }
}
