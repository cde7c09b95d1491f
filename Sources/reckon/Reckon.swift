import ArgumentParser
import Logging
import ReckonKit

/// The `reckon` command: closes a month of Azure billing data.
@main
struct Reckon: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reckon",
        abstract: "Close the monthly cloud bill: ingest Azure billing data, reconcile invoices, allocate cost.",
        discussion: """
            Reckon reads billing data exactly as Azure writes it: cost details exports (EA, MCA and \
            FOCUS; actual and amortized; CSV or gzip; partitioned with manifest.json), invoices and \
            transactions JSON, price sheets and budgets.

            Start with `reckon inspect <file or folder>` to check an export before the close.

            Exit status: 0 success; 1 the run finished but found what --fail-on-… asked about; \
            2 bad input or options (the message names the file, line and column).
            """,
        version: ReckonVersion.current,
        subcommands: [
            InspectCommand.self, ReconcileCommand.self, AllocateCommand.self, TraceCommand.self, CloseCommand.self, VerifyCommand.self,
            GenerateCommand.self,
        ]
    )

    /// Sends swift-log output to stderr and sets up the allocator, once, before any command runs.
    static let setUp: Void = {
        LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
        ProcessMemory.returnLargeBlocksWhenFreed()
    }()
}
