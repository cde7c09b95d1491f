import ArgumentParser
import ReckonKit

/// `reckon generate`: writes a realistic month of billing data (placeholder until the generator lands).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a realistic, deterministic month of Azure MCA billing data for tests and benchmarks."
    )

    func run() throws {
        throw ReckonExit.failure(IngestError(file: "-", problem: "not built yet"))
    }
}
