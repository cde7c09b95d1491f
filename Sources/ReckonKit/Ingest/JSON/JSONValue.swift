/// A JSON value (RFC 8259) whose numbers keep their exact text.
///
/// Azure's billing APIs write money as JSON numbers (`"value": 33.99`). Reckon parses JSON itself
/// instead of using Foundation because `JSONDecoder` and `JSONSerialization` read every number
/// through `Double`, which adds binary noise to money (33.99 becomes
/// 33.99000000000000198951966012828052043914794921875), and sums of such values drift. Here a number
/// is kept as the text the document had, and ``Amount/parse(_:)-(String)`` turns it into an exact
/// decimal when a reader needs one.
///
/// Objects keep their keys in document order (see ``JSONObject``), so re-rendering and error
/// messages are deterministic.
public enum JSONValue: Hashable, Sendable {
    /// `null`.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// A number, as its exact text in the document: `33.99`, `-21.000000000000000`, `1e-7`.
    ///
    /// The text always matches the RFC 8259 number grammar; it is never converted to `Double`.
    case number(String)
    /// A string with all escapes resolved.
    case string(String)
    /// An array, in document order.
    case array([JSONValue])
    /// An object, with its members in document order.
    case object(JSONObject)
}

extension JSONValue {
    /// The member `key` of an object (exact, case-sensitive match); `nil` for a missing key or a non-object.
    ///
    /// Chains with optional chaining: `value["properties"]?["billedAmount"]?["value"]`.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object[key]
    }

    /// The element at `index` of an array; `nil` for an index out of range or a non-array.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let elements) = self, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The member `key` of an object, matching the key without regard to ASCII case.
    ///
    /// Azure's casing is not stable (`nextLink` and `NextPageLink`, `MeterId` and `meterId`). An exact
    /// match wins; otherwise see ``JSONObject/value(forKeyIgnoringCase:)``.
    public func value(forKeyIgnoringCase key: String) -> JSONValue? {
        guard case .object(let object) = self else { return nil }
        return object.value(forKeyIgnoringCase: key)
    }

    /// Whether the value is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The string, or `nil` when the value is not a string.
    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The Boolean, or `nil` when the value is not `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    /// The exact text of a number, or `nil` when the value is not a number.
    public var numberText: String? {
        if case .number(let text) = self { return text }
        return nil
    }

    /// The elements, or `nil` when the value is not an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The object, or `nil` when the value is not an object.
    public var objectValue: JSONObject? {
        if case .object(let object) = self { return object }
        return nil
    }

    /// The kind of value with an article, for messages: "a string", "an object", "null".
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a Boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
