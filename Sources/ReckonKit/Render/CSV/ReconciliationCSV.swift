/// The CSV files of a reconciliation: `variances.csv` (the documented contract), the price-sheet
/// findings and the rows flagged by the price check.
///
/// Amounts are exact decimals (no rounding, no grouping) so a spreadsheet reads them as numbers and
/// an auditor can re-add them; text cells are neutralised against formulas by ``CSVText``.
public enum ReconciliationCSV {
    /// The columns of `variances.csv`, in order.
    public static let varianceColumns = [
        "invoice_id", "level", "key", "description", "currency", "invoiced", "computed", "variance", "variance_pct",
        "tolerance", "status", "reason", "source_rows", "source_files", "invoice_lines",
    ]

    /// `variances.csv`: one row per compared line, laid out by the templates `csv/variances.header`
    /// (rendered once) and `csv/variances.row` (a row template whose fields are the column names).
    ///
    /// - Throws: ``TemplateError`` when the row template names a field that does not exist.
    public static func variances(_ reconciliation: Reconciliation, templates: TemplateSet) throws(TemplateError)
        -> String
    {
        var out = try templates.render("csv.variances.header", [:]).replacing("\n", with: "\r\n")
        let row = try templates.rowTemplate("csv.variances.row")
        let binding = try row.bind(varianceColumns)
        for line in reconciliation.lines {
            row.render(
                into: &out,
                row: [
                    CSVText.text(line.invoiceId), CSVText.text(line.level.rawValue), CSVText.text(line.key),
                    CSVText.text(line.description), CSVText.text(line.currency),
                    CSVText.number(line.invoiced.description), CSVText.number(line.computed.description),
                    CSVText.number(line.variance.description),
                    CSVText.number(line.variancePercent.map { $0.fixed(4) } ?? ""),
                    CSVText.number(line.tolerance.description), CSVText.text(line.status.rawValue),
                    CSVText.text(line.reason?.rawValue ?? ""), CSVText.number(String(line.sourceRows)),
                    CSVText.text(line.sourceFiles.joined(separator: ";")), CSVText.number(String(line.invoiceLines)),
                ],
                binding: binding
            )
            if out.hasSuffix("\n") && !out.hasSuffix("\r\n") {
                out.removeLast()
                out += "\r\n"
            }
        }
        return out
    }

    /// `variances.csv` with the default templates.
    public static func variances(_ reconciliation: Reconciliation) throws(TemplateError) -> String {
        try variances(reconciliation, templates: try TemplateSet.load(overrides: nil))
    }

    /// `price-sheet-findings.csv`: meters charged above the price sheet.
    public static func priceSheetFindings(_ reconciliation: Reconciliation) -> String {
        var out = CSVText.line([
            "meter_id", "meter_name", "currency", "cost_unit_of_measure", "price_sheet_unit_of_measure",
            "charged_per_unit", "price_sheet_per_unit", "units", "overcharge", "rows",
        ])
        for finding in reconciliation.priceSheetFindings {
            out += CSVText.line([
                CSVText.text(finding.meterId), CSVText.text(finding.meterName), CSVText.text(finding.currency),
                CSVText.text(finding.costUnit), CSVText.text(finding.sheetUnit),
                CSVText.number(finding.chargedPerUnit.description), CSVText.number(finding.sheetPerUnit.description),
                CSVText.number(finding.units.description), CSVText.number(finding.overcharge.description),
                CSVText.number(String(finding.rows)),
            ])
        }
        return out
    }

    /// `price-flagged-rows.csv`: rows whose cost is not quantity × effective price.
    public static func flaggedRows(_ reconciliation: Reconciliation) -> String {
        var out = CSVText.line([
            "file", "line", "meter", "quantity", "effective_price", "cost", "quantity_x_price", "difference",
        ])
        for row in reconciliation.flaggedRows {
            out += CSVText.line([
                CSVText.text(row.file), CSVText.number(String(row.line)), CSVText.text(row.meter),
                CSVText.number(row.quantity.description), CSVText.number(row.effectivePrice.description),
                CSVText.number(row.cost.description), CSVText.number(row.expected.description),
                CSVText.number((row.cost - row.expected).description),
            ])
        }
        return out
    }
}
