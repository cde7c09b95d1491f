/// The CSV files of an allocation: `allocations.csv` (every allocated line, with provenance) and
/// `chargeback.csv` (the statement per cost center). Both are documented contracts
/// (`docs/allocation.md`): columns are only ever added at the end.
///
/// Amounts are written with exactly the currency's minor-unit digits (`1234.50`, `-3.33`, `120`
/// for JPY), never grouped, so a spreadsheet reads numbers and the lines re-add to the cent. Text
/// cells go through ``CSVText/text(_:)`` (tag values and names are user input).
public enum AllocationCSV {
    /// The columns of `allocations.csv`, in order.
    public static let allocationColumns = [
        "period", "cost_center", "cost_center_path", "gl_account", "rule", "step", "source_key", "subscription_id",
        "resource_group", "meter_category", "currency", "amount", "kind", "from_cost_center", "subscription_name",
        "service_category", "charge_type", "basis",
    ]

    /// The columns of `chargeback.csv`, in order.
    public static let chargebackColumns = [
        "period", "cost_center", "cost_center_path", "name", "owner", "gl_account", "level", "currency", "direct",
        "shared_received", "shared_given", "total", "subtree_total", "budget", "budget_used_pct", "cost_basis",
        "azure_allocation_rows",
    ]

    /// `allocations.csv`: one row per allocated line.
    public static func allocations(_ result: AllocationResult) -> String {
        var out = ""
        allocationLines(result) { out += $0 }
        return out
    }

    /// Writes `allocations.csv` to `path` a line at a time (one line per allocation key and step:
    /// tens of thousands at enterprise scale, so it is never built in memory whole).
    /// - Throws: ``RenderError`` when the file cannot be written.
    public static func writeAllocations(_ result: AllocationResult, to path: String, byteOrderMark: Bool = false) throws
    {
        let file = try TextFileWriter(path: path)
        if byteOrderMark { try file.write("\u{FEFF}") }
        var failure: (any Error)?
        allocationLines(result) { line in
            guard failure == nil else { return }
            do { try file.write(line) } catch { failure = error }
        }
        if let failure {
            try? file.close()
            throw failure
        }
        try file.close()
    }

    /// The header and one CSV line per allocated line, in order.
    static func allocationLines(_ result: AllocationResult, _ emit: (String) -> Void) {
        let nodes = Dictionary(uniqueKeysWithValues: result.costCenters.map { ($0.id, $0) })
        emit(CSVText.line(allocationColumns))
        for line in result.lines {
            let node = nodes[line.costCenter]
            emit(
                CSVText.line([
                    CSVText.text(result.period.label), CSVText.text(line.costCenter),
                    CSVText.text(node?.path ?? line.costCenter), CSVText.text(node?.glAccount ?? ""),
                    CSVText.text(line.rule), CSVText.number(String(line.step)), CSVText.text(line.sourceKey),
                    CSVText.text(line.subscriptionId), CSVText.text(line.resourceGroup),
                    CSVText.text(line.meterCategory), CSVText.text(line.currency.code),
                    CSVText.number(line.amount.fixed(line.currency.minorUnitDigits)), CSVText.text(line.kind.rawValue),
                    CSVText.text(line.fromCostCenter), CSVText.text(line.subscriptionName),
                    CSVText.text(line.serviceCategory), CSVText.text(line.chargeType), CSVText.text(line.basis),
                ])
            )
        }
    }

    /// `chargeback.csv`: per cost center and currency, its own direct cost, shared cost received and
    /// given, total, the total with everything below it, and the budget used.
    public static func chargeback(_ result: AllocationResult) -> String {
        let nodes = Dictionary(uniqueKeysWithValues: result.costCenters.map { ($0.id, $0) })
        var out = CSVText.line(chargebackColumns)
        for charge in result.charges {
            guard let node = nodes[charge.costCenter] else { continue }
            let digits = charge.currency.minorUnitDigits
            out += CSVText.line([
                CSVText.text(result.period.label), CSVText.text(node.id), CSVText.text(node.path),
                CSVText.text(node.name), CSVText.text(node.owner), CSVText.text(node.glAccount),
                CSVText.number(String(node.depth)), CSVText.text(charge.currency.code),
                CSVText.number(charge.direct.fixed(digits)), CSVText.number(charge.sharedReceived.fixed(digits)),
                CSVText.number(charge.sharedGiven.fixed(digits)), CSVText.number(charge.total.fixed(digits)),
                CSVText.number(charge.subtreeTotal.fixed(digits)),
                CSVText.number(charge.budget.map { $0.fixed(digits) } ?? ""),
                CSVText.number(charge.budgetUsedPercent.map { $0.fixed(1) } ?? ""), CSVText.text(result.costBasis),
                CSVText.text(result.azureAllocationRows),
            ])
        }
        return out
    }
}
