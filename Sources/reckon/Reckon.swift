import ArgumentParser
import Logging
import ReckonKit

/// The `reckon` command: closes a month of Azure billing data.
@main struct Reckon: ParsableCommand {
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
            InspectCommand.self, ReconcileCommand.self, AllocateCommand.self, TraceCommand.self, CloseCommand.self,
            VerifyCommand.self, GenerateCommand.self,
        ]
    )

    /// Parses and runs the command. Usage errors exit with 2, as the help says, where
    /// ArgumentParser would use 64 (`EX_USAGE`): to a script, bad options and bad input are the
    /// same kind of failure. Help and version requests still exit 0.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            guard code == .validationFailure else { exit(withError: error) }
            StandardError.write(fullMessage(for: error) + "\n")
            exit(withError: ExitCode(2))
        }
    }

    /// Sends swift-log output to stderr and sets up the allocator, once, before any command runs.
    static let setUp: Void = {
        LoggingSystem.bootstrap { label in StreamLogHandler.standardError(label: label) }
        ProcessMemory.returnLargeBlocksWhenFreed()
    }()
}
