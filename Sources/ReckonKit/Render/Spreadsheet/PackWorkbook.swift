/// The close pack's workbook: the same numbers as the CSV files and pages, as typed cells (amounts
/// stay numbers with their currency's format), written as SpreadsheetML 2003 and as .xlsx.
///
/// Sheets: Summary, Reconciliation (every level above the invoice lines), Variances (every line),
/// Chargeback (per currency: each cost center's own and subtree totals, and a total row) and Journal
/// (when allocation ran).
public enum PackWorkbook {
    /// Builds the workbook.
    public static func build(_ reconcile: ReconcileRun, allocation: AllocationResult?) -> Workbook {
        let reconciliation = reconcile.reconciliation
        func code(_ text: String) -> CurrencyCode { CurrencyCode(text) }
        var sheets: [Sheet] = []

        var summary = Sheet(
            name: "Summary",
            columns: [
                Column("Invoice", width: 16), Column("Currency", width: 9),
                Column("Invoiced (pre-tax)", width: 18, kind: .number(.decimal)),
                Column("Computed", width: 18, kind: .number(.decimal)),
                Column("Variance", width: 14, kind: .number(.decimal)), Column("Status", width: 16),
                Column("Invoice lines", width: 13, kind: .integer), Column("Cost rows", width: 12, kind: .integer),
            ]
        )
        for line in reconciliation.lines where line.level == .invoice {
            let currency = code(line.currency)
            summary.rows.append([
                .text(line.invoiceId), .text(line.currency), .money(line.invoiced, currency),
                .money(line.computed, currency), .money(line.variance, currency), .text(line.status.rawValue),
                .integer(line.invoiceLines), .integer(line.sourceRows),
            ])
        }
        sheets.append(summary)

        let lineColumns = [
            Column("Invoice", width: 16), Column("Level", width: 15), Column("Key", width: 48),
            Column("Currency", width: 9), Column("Invoiced", width: 16, kind: .number(.decimal)),
            Column("Computed", width: 16, kind: .number(.decimal)),
            Column("Variance", width: 14, kind: .number(.decimal)),
            Column("Tolerance", width: 12, kind: .number(.decimal)), Column("Status", width: 16),
            Column("Reason", width: 12), Column("Source rows", width: 12, kind: .integer),
        ]
        func row(_ line: VarianceLine) -> Row {
            let currency = code(line.currency)
            return [
                .text(line.invoiceId), .text(line.level.rawValue), .text(line.key), .text(line.currency),
                .money(line.invoiced, currency), .money(line.computed, currency), .money(line.variance, currency),
                .number(line.tolerance, .decimal), .text(line.status.rawValue), .text(line.reason?.rawValue ?? ""),
                .integer(line.sourceRows),
            ]
        }
        var levels = Sheet(name: "Reconciliation", columns: lineColumns)
        levels.rows = reconciliation.lines.filter { $0.level != .meter }.map(row)
        sheets.append(levels)
        var variances = Sheet(name: "Variances", columns: lineColumns)
        variances.rows = reconciliation.lines.map(row)
        sheets.append(variances)

        if let allocation {
            // Grouped by currency, in path order, then a total row per currency after all the rows
            // (below an empty row, outside the AutoFilter): the Total column adds up to the month's
            // cost; the subtree totals overlap and are not summed.
            var chargeback = Sheet(
                name: "Chargeback",
                columns: [
                    Column("Cost center", width: 14), Column("Name", width: 24), Column("Owner", width: 26),
                    Column("GL account", width: 12), Column("Path", width: 40), Column("Currency", width: 9),
                    Column("Direct", width: 14, kind: .number(.decimal)),
                    Column("Shared received", width: 16, kind: .number(.decimal)),
                    Column("Shared given", width: 14, kind: .number(.decimal)),
                    Column("Total", width: 14, kind: .number(.decimal)),
                    Column("Subtree total", width: 14, kind: .number(.decimal)),
                    Column("Budget", width: 14, kind: .number(.decimal)),
                    Column(
                        "Budget used (subtree total ÷ budget)",
                        width: 34,
                        kind: .number(.percent(fractionDigits: 1))
                    ),
                ]
            )
            // The people reading the sheet know their cost centers by name, owner and account.
            let nodes = Dictionary(allocation.costCenters.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            let shown = allocation.charges.filter(StatementPages.isShown)
            var chargebackTotals: [Row] = []
            for currency in Set(shown.map(\.currency)).sorted() {
                var sums = (direct: Amount.zero, received: Amount.zero, given: Amount.zero, total: Amount.zero)
                for charge in shown where charge.currency == currency {
                    chargeback.rows.append([
                        .text(charge.costCenter), .text(nodes[charge.costCenter]?.name ?? ""),
                        .text(nodes[charge.costCenter]?.owner ?? ""), .text(nodes[charge.costCenter]?.glAccount ?? ""),
                        .text(nodes[charge.costCenter]?.path ?? ""), .text(charge.currency.code),
                        .money(charge.direct, charge.currency), .money(charge.sharedReceived, charge.currency),
                        .money(charge.sharedGiven, charge.currency), .money(charge.total, charge.currency),
                        .money(charge.subtreeTotal, charge.currency),
                        charge.budget.map { .money($0, charge.currency) } ?? .empty,
                        charge.budgetUsedPercent.flatMap { $0.divided(by: Amount(100)) }
                            .map { .number($0, .percent(fractionDigits: 1)) } ?? .empty,
                    ])
                    sums.direct += charge.direct
                    sums.received += charge.sharedReceived
                    sums.given += charge.sharedGiven
                    sums.total += charge.total
                }
                chargebackTotals.append(
                    .total([
                        .text("total"), .empty, .empty, .empty, .empty, .text(currency.code),
                        .money(sums.direct, currency), .money(sums.received, currency), .money(sums.given, currency),
                        .money(sums.total, currency), .empty, .empty, .empty,
                    ])
                )
            }
            if !chargebackTotals.isEmpty { chargeback.rows += [Row([])] + chargebackTotals }
            sheets.append(chargeback)
            var journal = Sheet(
                name: "Journal",
                columns: [
                    Column("Journal id", width: 18), Column("Posting date", width: 12, kind: .date),
                    Column("Currency", width: 9), Column("Line", width: 6, kind: .integer),
                    Column("Account", width: 12), Column("Cost center", width: 14),
                    Column("Cost center name", width: 24), Column("Debit", width: 14, kind: .number(.decimal)),
                    Column("Credit", width: 14, kind: .number(.decimal)), Column("Memo", width: 48),
                ]
            )
            // Each entry's total after all the lines, as on the Chargeback sheet.
            var journalTotals: [Row] = []
            for entry in allocation.journal.entries {
                for line in entry.lines {
                    journal.rows.append([
                        .text(entry.id), .date(entry.postingDate), .text(entry.currency.code),
                        .integer(line.lineNumber), .text(line.account), .text(line.costCenter),
                        .text(line.costCenterName), .money(line.debit, entry.currency),
                        .money(line.credit, entry.currency), .text(line.memo),
                    ])
                }
                journalTotals.append(
                    .total([
                        .text(entry.id), .date(entry.postingDate), .text(entry.currency.code), .empty, .text("total"),
                        .empty, .empty, .money(entry.totalDebit, entry.currency),
                        .money(entry.totalCredit, entry.currency), .text("debits = credits"),
                    ])
                )
            }
            if !journalTotals.isEmpty { journal.rows += [Row([])] + journalTotals }
            sheets.append(journal)
        }
        return Workbook(sheets: sheets)
    }
}
