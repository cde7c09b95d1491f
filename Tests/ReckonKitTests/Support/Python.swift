import Foundation
import Testing

/// Runs small Python 3 scripts as independent oracles: Python's own XML, zip, `decimal` and
/// openpyxl read what Reckon wrote.
enum Python {
    /// Runs `python3 -c script arguments…` and returns what it printed; stderr is folded into the
    /// output so a failing script shows its traceback in the test failure.
    static func run(_ script: String, _ arguments: [String] = []) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-W", "ignore", "-c", script] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw PythonFailure(output: output) }
        return output
    }

    /// Runs a script that prints one JSON object, and decodes it.
    static func json<T: Decodable>(_ type: T.Type, _ script: String, _ arguments: [String] = []) throws -> T {
        let output = try run(script, arguments)
        return try JSONDecoder().decode(T.self, from: Data(output.utf8))
    }

    /// Whether openpyxl can be imported (`.ci/run` installs it).
    static let hasOpenpyxl: Bool = (try? run("import openpyxl")) != nil

    struct PythonFailure: Error, CustomStringConvertible {
        var output: String
        var description: String { "python3 failed:\n\(output)" }
    }
}
