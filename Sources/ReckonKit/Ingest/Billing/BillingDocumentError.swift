/// A problem in a billing JSON document that the user can act on: which file, where in it, what was
/// expected and what was there.
///
/// The description reads like a compiler message:
/// `invoices.json: at value[3].properties.billedAmount.value: expected a number, found the string "n/a"`,
/// or for a syntax error `invoices.json:12:5: not valid JSON: expected ',' or '}' after an object member, found '"'`.
public struct BillingDocumentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file as the caller named it.
    public let file: String
    /// Where in the document, as a JSON path such as `value[3].properties.billedAmount.value`;
    /// empty for the document as a whole.
    public let jsonPath: String
    /// What was expected, for a person: "a number", "a next page file".
    public let expected: String
    /// What was found instead: "the string \"n/a\"", "no further page file".
    public let found: String
    /// The JSON syntax error, when the file is not valid JSON.
    public let syntax: JSONParseError?

    /// Creates an error about a value in a document.
    public init(file: String, jsonPath: String, expected: String, found: String) {
        self.file = file
        self.jsonPath = jsonPath
        self.expected = expected
        self.found = found
        self.syntax = nil
    }

    /// Creates an error for a file that is not valid JSON.
    public init(file: String, syntax: JSONParseError) {
        self.file = file
        self.jsonPath = ""
        self.expected = "valid JSON"
        self.found = syntax.message
        self.syntax = syntax
    }

    /// The message for the user: file, location, what was expected and what was found.
    public var description: String {
        if let syntax { return "\(file):\(syntax.line):\(syntax.column): not valid JSON: \(syntax.message)" }
        let location = jsonPath.isEmpty ? "" : " at \(jsonPath):"
        return "\(file):\(location) expected \(expected), found \(found)"
    }
}
