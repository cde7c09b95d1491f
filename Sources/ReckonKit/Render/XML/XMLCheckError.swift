/// Why a file is not well-formed XML (or not a report page): where, and libxml2's own words.
public struct XMLCheckError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file checked.
    public var file: String
    /// The 1-based line of the first error, when libxml2 knows it.
    public var line: Int?
    /// The 1-based column of the first error, when libxml2 knows it.
    public var column: Int?
    /// libxml2's message (for example `Opening and ending tag mismatch: b line 2 and a`), or
    /// Reckon's when the file cannot be read at all.
    public var message: String

    /// Creates an error about `file`.
    public init(file: String, line: Int? = nil, column: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// `file:line:column: message`, the form editors and compilers use.
    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): \(message)"
    }
}
