/// A problem with an input file that stops reading it: the file cannot be opened, a gzip stream
/// is truncated, a header is not a cost-details header, a manifest does not match its files.
///
/// The description names the file, and the line and column where one applies, then says what was
/// expected, so a user can act on it without reading code.
public struct IngestError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file, as the user named it (or as found in an export folder).
    public var file: String
    /// The 1-based physical line, when the problem is at a line.
    public var line: Int?
    /// The column name (or 1-based number), when the problem is in one field.
    public var column: String?
    /// What is wrong and what was expected.
    public var problem: String
    /// True when the file is readable but is not cost data (a folder scan skips such files).
    public var notCostData = false
    /// What the file is when it is not UTF-8 text ("UTF-16 text (save it as UTF-8)", "binary,
    /// not text"), for the note on a file a folder scan skips.
    public var notText: String?

    /// Creates an error about `file`.
    public init(file: String, line: Int? = nil, column: String? = nil, problem: String) {
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
    }

    /// An error about `file`, which is not valid JSON: at the syntax error's line, naming its column.
    public init(file: String, syntax: JSONParseError) {
        self.init(
            file: file,
            line: syntax.line,
            problem: "not valid JSON at column \(syntax.column): \(syntax.message)"
        )
    }

    /// The error as the user reads it: file, line and column where known, then the problem.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += " (column \(column))" }
        return "\(location): \(problem)"
    }
}
