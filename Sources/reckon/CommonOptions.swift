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
            valueName: "actual|amortized"))
    var metric: MetricOption?

    @Option(name: .long, help: "Threads for reading (default: every core). Output is the same for any number.")
    var threads: Int?

    @Flag(name: .shortAndLong, help: "No progress line on stderr.")
    var quiet = false

    @Flag(name: .shortAndLong, help: "Log what is being read, on stderr.")
    var verbose = false

    func validate() throws {
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    /// Ingest options with a logger that writes to stderr at the chosen level.
    var ingestOptions: IngestOptions {
        Reckon.setUp
        var logger = Logger(label: "reckon")
        logger.logLevel = verbose ? .info : .warning
        return IngestOptions(strict: strict, threads: threads, logger: logger)
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
}
