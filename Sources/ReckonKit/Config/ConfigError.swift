/// A problem in a configuration file: where it is and what was expected.
public struct ConfigError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The 1-based column, when known.
    public var column: Int?
    /// The key path, e.g. `reconcile.tolerances.meter.absolute`.
    public var path: String
    /// What is wrong and what was expected.
    public var problem: String

    /// Creates an error.
    public init(file: String, line: Int? = nil, column: Int? = nil, path: String, problem: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.problem = problem
    }

    /// The error as one line: the file, the line and key where known, and what was expected.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return "\(location): \(path.isEmpty ? "" : path + ": ")\(problem)"
    }
}
