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

    /// The statements of every cost center that was charged or holds a budget, in path order, and the
    /// index page's view of them.
    public static func build(
        _ allocation: AllocationResult, report: PackReport, templates: TemplateSet, history: PackHistory = PackHistory()
    ) throws(TemplateError) -> (pages: [Page], view: ChargebackView) {
        let format = report.format
        var names = SafeFileName()
        var pending: [(file: String, costCenter: String, context: [String: Any])] = []
        var centers: [ChargebackView.Center] = []
        // Grouped once: filtering every line for every cost center was quadratic (seconds with
        // thousands of cost centers and tens of thousands of lines). Grouping keeps the order.
        let chargesByCenter = Dictionary(grouping: allocation.charges, by: \.costCenter)
        let linesByCenter = Dictionary(grouping: allocation.lines, by: \.costCenter)
        for node in allocation.costCenters {
            let charges = chargesByCenter[node.id] ?? []
            guard charges.contains(where: { !$0.total.isZero || !$0.direct.isZero || $0.budget != nil }) || !node.budgets.isEmpty else { continue }
            let file = names.make(node.id, suffix: ".html")
            var context = ReportPages.base(report, current: "", root: "../")
            context["center_name"] = node.name
            context["center_path"] = node.path
            context["owner"] = node.owner.isEmpty ? "(none)" : node.owner
            context["gl_account"] = node.glAccount.isEmpty ? "(none)" : node.glAccount
            context["cost_basis"] = allocation.costBasis
            context["azure_rows"] = allocation.azureAllocationRows
            context["totals"] = charges.map { charge -> [String: Any] in
                var values: [String: Any] = [
                    "currency": charge.currency.code, "total": format.money(charge.total, charge.currency.code),
                    "direct": format.money(charge.direct, charge.currency.code),
                    "shared_received": format.money(charge.sharedReceived, charge.currency.code),
                ]
                if !charge.sharedGiven.isZero { values["shared_given"] = format.money(charge.sharedGiven, charge.currency.code) }
                return values
            }
            context["budgets"] = charges.compactMap { charge -> [String: Any]? in
                guard let budget = charge.budget else { return nil }
                return [
                    "currency": charge.currency.code, "budget": format.money(budget, charge.currency.code),
                    "used": charge.budgetUsedPercent.map(format.percent) ?? "-",
                ]
            }
            let lines = linesByCenter[node.id] ?? []
            context["drivers"] = [
                driver("Services", "Service", lines, format) { $0.meterCategory.isEmpty ? $0.serviceCategory : $0.meterCategory },
                driver("Subscriptions", "Subscription", lines, format) { $0.subscriptionName.isEmpty ? $0.subscriptionId : $0.subscriptionName },
                driver("Resource groups", "Resource group", lines, format) { $0.resourceGroup },
            ].compactMap { $0 }
            var shared: [[String: Any]] = []
            for step in allocation.steps {
                for share in step.shares where share.costCenter == node.id && !share.amount.isZero {
                    shared.append([
                        "step": String(step.step), "pool": step.pool, "from": step.from, "method": step.method, "basis": share.basis,
                        "currency": step.currency.code, "amount": format.money(share.amount, step.currency.code),
                    ])
                }
            }
            context["trend"] = trend(node: node.id, charges: charges, allocation: allocation, history: history, format: format)
            context["shared"] = shared
            context["has_shared"] = !shared.isEmpty
            pending.append((file, node.id, context))
            for charge in charges {
                centers.append(
                    ChargebackView.Center(
                        path: node.path + (charges.count > 1 ? " (\(charge.currency.code))" : ""), file: file, owner: node.owner,
                        direct: "\(charge.currency.code) " + format.money(charge.direct, charge.currency.code),
                        shared: format.money(charge.sharedReceived - charge.sharedGiven, charge.currency.code),
                        total: format.money(charge.total, charge.currency.code),
                        budgetUsed: charge.budgetUsedPercent.map(format.percent) ?? ""))
            }
        }
        let pages = try render(pending, templates: templates)
        let summary = allocation.shares.map { share -> String in
            let code = share.currency.code
            let total = share.total.isZero ? Amount.one : share.total
            func percent(_ part: Amount) -> String {
                format.percent(part.multiplied(by: Amount(100)).flatMap { $0.divided(by: total) } ?? .zero)
            }
            return "\(code) \(format.money(share.total, code)): \(percent(share.direct)) allocated directly, \(percent(share.shared)) by shared rules, \(percent(share.unallocated)) unallocated"
        }.joined(separator: "; ")
        return (pages, ChargebackView(summary: summary + ". " + allocation.costBasis + ".", centers: centers))
    }

    /// Renders the statements on every core, each into its own slot, in order; the first page that
    /// fails (in order) is the error. Rendering is most of a statement's cost (at 10M rows, 375
    /// statements took a second on one core), and no page depends on another.
    static func render(_ pending: [(file: String, costCenter: String, context: [String: Any])], templates: TemplateSet) throws(TemplateError) -> [Page] {
        let contexts = UncheckedSendable(value: pending.map(\.context))
        let workers = min(ProcessInfo.processInfo.activeProcessorCount, 8, max(1, pending.count / 8))
        let rendered = try parallelMap(count: pending.count, workers: workers) { (index) throws(TemplateError) -> String in
            try templates.render("html.statement", contexts.value[index])
        }
        return zip(pending, rendered).map { Page(file: $0.file, costCenter: $0.costCenter, html: $1) }
    }

    /// Month-over-month bars per currency: the earlier packs' totals, then this month.
    static func trend(
        node: String, charges: [CostCenterCharge], allocation: AllocationResult, history: PackHistory, format: ReportFormat
    ) -> [[String: Any]] {
        guard !history.months.isEmpty else { return [] }
        let current = "\(Day.pad(allocation.period.start.year, 4))-\(Day.pad(allocation.period.start.month, 2))"
        var charts: [[String: Any]] = []
        for charge in charges {
            let code = charge.currency.code
            var points: [(String, Amount)] = history.months.map { ($0.period, $0.totals[node]?[code] ?? .zero) }
            points.append((current, charge.total))
            let largest = points.map(\.1.magnitude).max() ?? .zero
            var bars: [[String: Any]] = []
            for (index, point) in points.enumerated() {
                let height = largest.isZero ? Amount.zero : (point.1.magnitude.multiplied(by: Amount(120)).flatMap { $0.divided(by: largest) } ?? .zero)
                let pixels = Int(height.minorUnits(scale: 0))
                bars.append([
                    "x": String(40 + index * 90), "y": String(140 - pixels), "height": String(max(pixels, 1)), "label_x": String(40 + index * 90),
                    "month": point.0, "value": format.money(point.1, code), "current": point.0 == current,
                ])
            }
            charts.append(["currency": code, "bars": bars, "width": String(60 + points.count * 90)])
        }
        return charts
    }

    /// The top 8 values of `key` over `lines`, per currency, as bars and rows.
    static func driver(
        _ title: String, _ column: String, _ lines: [AllocationLine], _ format: ReportFormat, key: (AllocationLine) -> String
    ) -> [String: Any]? {
        var sums: [String: Amount] = [:]
        var totals: [String: Amount] = [:]
        for line in lines where line.kind == .direct {
            let label = key(line).isEmpty ? "(none)" : key(line)
            sums[label + "\u{1}" + line.currency.code, default: .zero] += line.amount
            totals[line.currency.code, default: .zero] += line.amount
        }
        guard !sums.isEmpty else { return nil }
        let top = sums.sorted { ($0.value.magnitude, $1.key) > ($1.value.magnitude, $0.key) }.prefix(8)
        let largest = top.map(\.value.magnitude).max() ?? .one
        var bars: [[String: Any]] = []
        var rows: [[String: Any]] = []
        for (index, entry) in top.enumerated() {
            let parts = entry.key.split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
            let label = parts[0]
            let currency = parts.count > 1 ? parts[1] : ""
            // Bar widths in whole pixels out of 300, from exact amounts.
            let width = largest.isZero ? Amount.zero : (entry.value.magnitude.multiplied(by: Amount(300)).flatMap { $0.divided(by: largest) } ?? .zero)
            let pixels = max(1, Int(width.minorUnits(scale: 0)))
            let short = label.count > 40 ? String(label.prefix(39)) + "…" : label
            let value = "\(currency) \(format.money(entry.value, currency))"
            bars.append([
                "label": short, "y": String(index * 20 + 4), "text_y": String(index * 20 + 15), "width": String(pixels),
                "value_x": String(300 + pixels + 6), "value": value,
            ])
            let total = totals[currency] ?? .one
            rows.append([
                "label": label, "currency": currency, "value": format.money(entry.value, currency),
                "share": format.percent(entry.value.multiplied(by: Amount(100)).flatMap { $0.divided(by: total.isZero ? .one : total) } ?? .zero),
            ])
        }
        return ["title": title, "column": column, "bars": bars, "rows": rows, "height": String(top.count * 20 + 8)]
    }
}
