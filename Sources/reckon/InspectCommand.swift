import ArgumentParser
import Foundation
import ReckonKit

/// `reckon inspect`: read every row of an export and say what is in it.
struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Read every row of a cost file or export folder and report what it holds.",
        discussion: """
            Detects the dataset (EA, MCA or FOCUS) and its version from the header, reads every row, \
            and prints the format, the period, where every row went (used, filtered with the reason, \
            rejected) and the totals per currency of billed (actual) and effective (amortized) cost.

            Rejected rows are written with file, line, column and reason to the --rejects file.

            Examples:
              reckon inspect fixtures/realdata/finops-toolkit/test-assets/EA_ActualCost_Small.csv
              reckon inspect fixtures/contoso-2026-10/costdetails --json
            """
    )

    @Argument(help: "A cost-details file (.csv or .csv.gz) or a folder of exports.") var input: String

    @Flag(name: .long, help: "Print the report as JSON (amounts as exact decimal strings).") var json = false

    @Option(name: .long, help: "Where to write rejected rows (CSV), if there are any.") var rejects =
        "reports/rejects.csv"

    @OptionGroup var rejected: RejectOptions

    @OptionGroup var reading: ReadingOptions

    func run() throws {
        let console = Console()
        if let problem = RejectsCSVWriter.replaceable(rejects, inputs: [input]) {
            throw ReckonExit.failure(IngestError(file: rejects, problem: problem))
        }
        let rejectsFile = try RejectsCSVWriter(path: rejects, alwaysCreate: false)
        let progress = ProgressLine(enabled: !reading.quiet)
        let report: InspectReport
        do {
            report = try Inspector.inspect(
                path: input,
                metric: reading.metric?.metric,
                options: reading.ingestOptions,
                reject: { try rejectsFile.write($0) },
                progress: { name, bytes, size in progress.update(file: name, bytes: bytes, total: size) }
            )
            progress.finish()
            try rejectsFile.close()
            rejectsFile.removeStale()
        } catch {
            progress.finish()
            try? rejectsFile.close()
            throw ReckonExit.failure(error)
        }
        if json {
            console.data(try JSONOutput.encode(report))
        } else {
            console.out(report.text())
            if report.counts.rejectedTotal > 0 {
                console.out("all \(report.counts.rejectedTotal) rejected rows are in \(rejects)")
            }
        }
        // Every row written to the rejects file: cost rows and price-sheet items alike.
        if rejected.failOnRejects && rejectsFile.count > 0 { throw ExitCode(1) }
    }
}
