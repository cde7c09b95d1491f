import ArgumentParser
import Foundation
import ReckonKit

/// `reckon reconcile`: does the invoice match the cost data?
struct ReconcileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reconcile",
        abstract: "Tie every invoice to the raw cost data, level by level, with tolerances and reason codes.",
        discussion: """
            Reads a month folder (see docs/reconcile.md for the layout: costdetails/, invoices.json, \
            transactions/<invoice>.json, pricesheet.csv) or the parts given by option, and writes into \
            --out: variances.csv (one row per compared line), reconciliation.json (the summary), \
            price-sheet-findings.csv, price-flagged-rows.csv and rejects.csv. The folder is written \
            atomically.

            Exit status: 0 when it ran (even with variances), 1 with --fail-on-variance when any line \
            is outside tolerance or a price is above the price sheet, or with --fail-on-rejects when any \
            row was rejected, 2 for bad input.

            Example:
              reckon reconcile fixtures/contoso-2026-10 --out reports/reconcile-2026-10
            """
    )

    @Argument(help: "The month folder.") var month: String?

    @Option(name: .long, help: "A cost file or export folder (instead of <month>/costdetails).") var costdetails:
        String?

    @Option(name: .long, help: "The invoice list file (instead of <month>/invoices.json).") var invoices: String?

    @Option(name: .long, help: "The folder of transaction pages (instead of <month>/transactions).") var transactions:
        String?

    @Option(name: .long, help: "The price sheet (instead of <month>/pricesheet.csv).") var priceSheet: String?

    @Option(name: .long, help: "reckon.yaml with tolerances (default: <month>/reckon.yaml if present, else built-in).")
    var config: String?

    @Option(
        name: .long,
        help: "The output folder. Replaced as a whole, so it must be new, empty or an earlier Reckon output."
    ) var out = "reports/reconcile"

    @Flag(name: .long, help: "Exit 1 when any line is outside tolerance or the price sheet flags a charge.")
    var failOnVariance = false

    @Flag(name: .long, help: "Print the summary as JSON.") var json = false

    @OptionGroup var rejected: RejectOptions

    @OptionGroup var reading: ReadingOptions

    func validate() throws {
        if month == nil && costdetails == nil {
            throw ValidationError("give a month folder, or --costdetails (with --invoices and --transactions)")
        }
    }

    func run() throws {
        let progress = ProgressLine(enabled: !reading.quiet)
        let summary: ReconciliationSummary
        var rejectedRows = 0
        do {
            let settings = try ConfigLoader.load(explicit: config, month: month)
            let folder = try MonthFolder.discover(
                root: month,
                overrides: MonthFolder.Overrides(
                    costDetails: costdetails,
                    invoices: invoices,
                    transactions: transactions,
                    priceSheet: priceSheet
                ),
                metric: reading.metric?.metric
            )
            let pack = try PackWriter(
                destination: out,
                inputs: [month, costdetails, invoices, transactions, priceSheet, settings.file].compactMap { $0 },
                writes: PackWriter.reconcileNames
            )
            do {
                let rejects = try RejectsCSVWriter(path: try pack.path("rejects.csv"))
                let total = folder.costPlan.bytes
                let run = try ReconcileRunner.run(
                    month: folder,
                    config: settings.reconcile,
                    options: reading.ingestOptions,
                    reject: { try rejects.write($0) },
                    progress: { bytes in progress.update(file: "cost files", bytes: bytes, total: total) }
                )
                progress.finish()
                try rejects.close()
                rejectedRows = rejects.count
                summary = ReconciliationSummary(run)
                try pack.write("variances.csv", ReconciliationCSV.variances(run.reconciliation))
                try pack.write("price-sheet-findings.csv", ReconciliationCSV.priceSheetFindings(run.reconciliation))
                try pack.write("price-flagged-rows.csv", ReconciliationCSV.flaggedRows(run.reconciliation))
                try pack.write("reconciliation.json", try JSONOutput.encode(summary) + "\n")
                try pack.publish()
            } catch {
                pack.discard()
                throw error
            }
        } catch {
            progress.finish()
            throw ReckonExit.failure(error)
        }
        if json {
            Console().data(try JSONOutput.encode(summary))
        } else {
            Console()
                .out(
                    summary.text()
                        + "wrote \(out)/variances.csv, reconciliation.json, price-sheet-findings.csv, price-flagged-rows.csv, rejects.csv"
                )
        }
        try rejected.check(rejected: rejectedRows, listedIn: "\(out)/rejects.csv", json: json)
        if failOnVariance && summary.hasExceptions { throw ExitCode(1) }
    }
}

/// Finds the configuration: an explicit file, else `reckon.yaml` in the month folder, else defaults.
enum ConfigLoader {
    static func load(explicit: String?, month: String?) throws -> ReckonConfig {
        if let explicit { return try ReckonConfig.load(path: explicit) }
        if let month {
            let candidate = (month as NSString).appendingPathComponent("reckon.yaml")
            if FileManager.default.fileExists(atPath: candidate) { return try ReckonConfig.load(path: candidate) }
        }
        return ReckonConfig()
    }
}
