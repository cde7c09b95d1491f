import ArgumentParser
import ReckonKit

/// `reckon trace`: the source rows behind one line of variances.csv.
struct TraceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "List the cost rows behind one line of variances.csv (file, line, date, charge type, meter, cost).",
        discussion: """
            Give the invoice_id, level and key columns of a variances.csv row. The rows are written as \
            CSV to standard output; the count and their sum go to standard error, and the sum equals \
            the line's computed column.

            Example:
              reckon trace fixtures/contoso-2026-10 --invoice G118264930 --level meter --key "Digital Products|D4s v5"
            """
    )

    @Argument(help: "The month folder.") var month: String

    @Option(name: .long, help: "The invoice_id column.") var invoice: String

    @Option(name: .long, help: "The level column (invoice, section, product_order, service_family, meter).") var level:
        String

    @Option(name: .long, help: "The key column (not needed at the invoice level).") var key: String = ""

    @Option(name: .long, help: "The currency column: the (no invoice id) and EA lines are one line per currency.")
    var currency: String?

    @Option(name: .long, help: "reckon.yaml (its line_key decides the meter level's key).") var config: String?

    @Option(name: .long, help: "A cost file or export folder (instead of <month>/costdetails).") var costdetails:
        String?

    @OptionGroup var reading: ReadingOptions

    func validate() throws {
        guard ReconcileLevel(rawValue: level) != nil, level != "header" else {
            throw ValidationError("--level must be one of invoice, section, product_order, service_family, meter")
        }
        if level != "invoice" && key.isEmpty {
            throw ValidationError(
                "--key is needed at the \(level) level: the key column of variances.csv, e.g. \"Digital Products|D4s v5\""
            )
        }
    }

    func run() throws {
        do {
            let settings = try ConfigLoader.load(explicit: config, month: month)
            let folder = try MonthFolder.discover(
                root: month,
                overrides: .init(costDetails: costdetails),
                metric: reading.metric?.metric
            )
            let target = TraceTarget(
                invoiceId: invoice,
                level: ReconcileLevel(rawValue: level) ?? .meter,
                key: key,
                currency: currency
            )
            let rows = try ReconcileRunner.trace(
                month: folder,
                target: target,
                config: settings.reconcile,
                options: reading.ingestOptions
            )
            var out = CSVText.line(["file", "line", "date", "charge_type", "meter", "cost"])
            var total = Amount.zero
            for row in rows {
                total += row.cost
                out += CSVText.line([
                    CSVText.text(row.file), CSVText.number(String(row.line)), CSVText.text(row.date),
                    CSVText.text(row.chargeType), CSVText.text(row.meter), CSVText.number(row.cost.description),
                ])
            }
            Console().data(out)
            StandardError.write("\(rows.count) row(s), Σ cost \(total)\n")
            if Reconciler.isEAInvoice(invoice) {
                StandardError.write(
                    "an EA billing period's computed total also adds the reservation refunds of the reservation transactions, which are not cost rows\n"
                )
            }
            if rows.isEmpty && target.level != .invoice {
                StandardError.write(
                    "no cost row has this key on invoice \(invoice): right for a line invoiced with no usage (missing_usage), else compare --key with the key column of variances.csv\n"
                )
            }
        } catch { throw ReckonExit.failure(error) }
    }
}
