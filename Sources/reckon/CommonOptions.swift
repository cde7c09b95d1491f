import ArgumentParser
import Logging
import ReckonKit

/// Options every data-reading subcommand shares.
struct ReadingOptions: ParsableArguments {
    @Flag(name: .long, help: "Stop at the first bad row with an error, instead of rejecting it and going on.")
    var strict = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "What the single cost column of EA/MCA files holds, when neither the export manifest nor the file name says.",
            valueName: "actual|amortized"
        )
    ) var metric: MetricOption?

    // Unconditional, so that a negative number is read as the value (and refused by the check
    // below) instead of as an unknown option.
    @Option(
        name: .long,
        parsing: .unconditional,
        help: "Threads for reading (default: every core). Output is the same for any number."
    ) var threads: Int?

    @Flag(name: .shortAndLong, help: "No progress line on stderr.") var quiet = false

    @Flag(name: .shortAndLong, help: "Log what is being read, on stderr.") var verbose = false

    func validate() throws { if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") } }

    /// Ingest options with a logger that writes to stderr at the chosen level.
    var ingestOptions: IngestOptions {
        Reckon.setUp
        var logger = Logger(label: "reckon")
        logger.logLevel = verbose ? .info : .warning
        return IngestOptions(strict: strict, threads: threads, logger: logger)
    }
}

/// `--fail-on-rejects`, for the commands that read cost rows into outputs.
struct RejectOptions: ParsableArguments {
    @Flag(
        name: .customLong("fail-on-rejects"),
        help: "Exit 1 when any row was rejected (the run still completes and writes its outputs, rejects.csv included)."
    ) var failOnRejects = false

    /// Says that `count` rejected rows (cost or price-sheet rows, as listed in `file`) are left out
    /// of every amount computed, and exits 1 with `--fail-on-rejects`. Nothing when none was. The
    /// warning goes to standard error when standard output carries JSON.
    func check(rejected count: Int, listedIn file: String, json: Bool = false) throws {
        guard count > 0 else { return }
        let warning =
            "warning: \(count) row(s) were rejected (see \(file)): a rejected cost row is in no amount computed here, so a difference or a missing cost may come from it; a rejected price-sheet row is not compared with the charges"
        if json { StandardError.write(warning + "\n") } else { Console().out(warning) }
        if failOnRejects { throw ExitCode(1) }
    }
}

/// `--metric` values.
enum MetricOption: String, ExpressibleByArgument, CaseIterable {
    case actual
    case amortized

    var metric: CostMetric { self == .actual ? .actual : .amortized }
}

/// `--period yyyy-MM`: the billing month to allocate.
struct BillingMonthOption: ExpressibleByArgument {
    /// Its first day.
    let firstDay: Day

    init?(argument: String) {
        guard let day = Day(yearMonth: argument) else { return nil }
        firstDay = day
    }

    static var defaultValueDescription: String { "yyyy-MM" }

    /// The option's value, or an error that says what is wrong with it (a month 13, a full date).
    static func parse(_ argument: String) throws -> BillingMonthOption {
        if let month = BillingMonthOption(argument: argument) { return month }
        let parts = argument.split(separator: "-", omittingEmptySubsequences: false)
        if parts.count == 2, parts[0].count == 4, parts[1].count == 2, let month = Int(parts[1]), Int(parts[0]) != nil {
            throw ValidationError("there is no month \(month) (yyyy-MM: the month is 01 to 12)")
        }
        throw ValidationError("expected a billing month as yyyy-MM, such as 2026-10")
    }
}
