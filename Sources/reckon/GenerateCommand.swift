import ArgumentParser
import Foundation
import ReckonKit

/// `reckon generate`: writes a realistic, deterministic month of Azure MCA billing data.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic, deterministic month of Azure MCA billing data for tests and benchmarks.",
        discussion: """
            Writes a month folder for the fictional Contoso Holdings: ActualCost and AmortizedCost \
            exports with manifest.json (plus one superseded run), invoices.json, transactions pages, \
            a price sheet, a subscription → cost-center map, and a README.md that lists the planted \
            differences and the expected totals. The same options always give byte-identical files.

            The defaults reproduce fixtures/contoso-2026-10 exactly. For benchmarks:
              reckon generate --rows 1000000 --out bench-data/1m
            """
    )

    @Option(name: .long, help: "The folder to write (it must not exist yet, or be empty).") var out: String

    @Option(name: .long, help: "Rows in the final ActualCost export (at least 532 for a 31-day month).") var rows: Int =
        FixtureGenerator.Options().rows

    @Option(name: .long, help: "The random seed.") var seed: UInt64 = FixtureGenerator.Options().seed

    @Option(name: .long, help: "The month to generate, as yyyy-MM.") var month: String = "2026-10"

    @Option(name: .long, help: "Rows per partition file.") var rowsPerPartition: Int = FixtureGenerator.Options()
        .rowsPerPartition

    @Flag(name: .long, help: "Write .csv.gz partitions.") var gzip = false

    func validate() throws {
        guard let first = Day(yearMonth: month), (2000...2199).contains(first.year) else {
            throw ValidationError("--month must look like 2026-10 (a year from 2000 to 2199)")
        }
        guard rows > 0, rowsPerPartition > 0 else {
            throw ValidationError("--rows and --rows-per-partition must be positive")
        }
        if let existing = try? FileManager.default.contentsOfDirectory(atPath: out), !existing.isEmpty {
            throw ValidationError("\(out) already holds files; choose a new folder")
        }
    }

    func run() throws {
        var options = FixtureGenerator.Options()
        if let first = Day(yearMonth: month) {
            options.year = first.year
            options.month = first.month
        }
        options.rows = rows
        options.seed = seed
        options.rowsPerPartition = rowsPerPartition
        options.gzip = gzip
        let summary: GenerationSummary
        do { summary = try FixtureGenerator.generate(options: options, to: URL(fileURLWithPath: out)) } catch {
            throw ReckonExit.failure(error)
        }
        let bytes = summary.files.reduce(0) { $0 + $1.byteCount }
        Console()
            .out(
                "wrote \(summary.files.count) files (\(bytes / 1_000_000) MB) to \(out): \(summary.actualRows) actual rows, "
                    + "\(summary.amortizedRows) amortized rows, \(summary.supersededRows) rows in a superseded run; see \(out)/README.md"
            )
    }
}
