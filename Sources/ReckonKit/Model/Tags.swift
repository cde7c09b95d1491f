/// One resource tag as written in the data.
public struct Tag: Hashable, Sendable {
    /// The key exactly as written (`" costcenter"` keeps its space).
    public var key: String
    /// The value as text (a number or boolean value is kept as its JSON text).
    public var value: String

    /// The key for matching: trimmed and lower-cased, so `CostCenter`, `costcenter ` and
    /// `" costCenter"` are one key. Keys that differ only this way are reported as collisions.
    public var matchingKey: String { key.trimmingASCIIWhitespace().lowercased() }
}

/// Why a tags value could not be read.
public struct TagParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What the JSON parser said.
    public var message: String

    /// The problem as one line for a note or a reject.
    public var description: String { "the tags are not a JSON object of key/value pairs: \(message)" }
}

/// Reads the `Tags` column.
///
/// EA and MCA cost files write the pairs **without** outer braces (`"env": "prod","cc": "42"`);
/// FOCUS writes a JSON object with braces; the Consumption API writes an object, or `[]` in
/// reservation transactions. All of these read here. Parsing is done once per distinct raw value
/// (callers cache by the interned id), never per row.
public enum TagParser {
    /// The tags in `raw`, in document order; `[]` for an empty value, `{}`, `[]` or `NULL`.
    /// A key that appears twice keeps its last value.
    public static func parse(_ raw: String) throws(TagParseError) -> [Tag] {
        let trimmed = raw.trimmingASCIIWhitespace()
        if trimmed.isEmpty || trimmed == "[]" || trimmed.uppercased() == "NULL" { return [] }
        let text = trimmed.hasPrefix("{") ? trimmed : "{" + trimmed + "}"
        let value: JSONValue
        do { value = try JSONValue.parse(text) } catch { throw TagParseError(message: error.description) }
        guard let object = value.objectValue else { throw TagParseError(message: "found \(value.kindDescription)") }
        return object.members.map { member in
            let text: String
            switch member.value {
            case .string(let string): text = string
            case .null: text = ""
            default: text = member.value.description
            }
            return Tag(key: member.key, value: text)
        }
    }
}
