/// A location in a JSON document: member names and array indices from the root.
///
/// Rendered as `value[3].properties.billedAmount.value`; a key that is not a plain identifier is
/// quoted: `properties.notifications["Actual GreaterThan 80"]`.
public struct JSONPath: Hashable, Sendable, CustomStringConvertible {
    /// One step of a path.
    public enum Component: Hashable, Sendable {
        /// An object member.
        case key(String)
        /// An array element, from 0.
        case index(Int)
    }

    /// The steps from the root.
    public var components: [Component]

    /// The path of the root.
    public static let root = JSONPath(components: [])

    /// Creates a path from its steps.
    public init(components: [Component]) { self.components = components }

    /// This path extended by one step.
    public func appending(_ component: Component) -> JSONPath { JSONPath(components: components + [component]) }

    /// The path as text; empty for the root.
    public var description: String {
        var text = ""
        for component in components {
            switch component {
            case .index(let index): text += "[\(index)]"
            case .key(let key):
                if JSONPath.isIdentifier(key) {
                    text += text.isEmpty ? key : "." + key
                } else {
                    text += "["
                    JSONValue.writeString(key, to: &text)
                    text += "]"
                }
            }
        }
        return text
    }

    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(first >= 0x30 && first <= 0x39) else { return false }
        return key.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "$") || byte == UInt8(ascii: "@")
        }
    }
}

/// A JSON value together with the file and path it came from, so that readers can report a wrong
/// value exactly where it is.
///
/// Lookups are forgiving in the ways Azure needs and strict otherwise:
/// - keys match without regard to ASCII case (an exact match wins);
/// - a missing member and an explicit `null` both read as `nil` ("not given"), never as zero;
/// - a value of the wrong kind is a ``BillingDocumentError`` naming the file, the path, the expected
///   kind and what was found;
/// - numbers are read exactly, through ``Amount``, never through `Double`.
public struct JSONCursor: Sendable {
    /// The value here.
    public let value: JSONValue
    /// The file the document came from, for messages.
    public let file: String
    /// Where the value sits in the document.
    public let path: JSONPath

    /// Creates a cursor.
    public init(value: JSONValue, file: String, path: JSONPath = .root) {
        self.value = value
        self.file = file
        self.path = path
    }

    // MARK: Navigation

    /// The member `key` (matched without regard to ASCII case), or `nil` when it is absent or `null`.
    /// Returns `nil` too when this value is not an object; use ``object()`` to insist on one.
    public func member(_ key: String) -> JSONCursor? {
        guard case .object(let object) = value, let found = object.member(forKeyIgnoringCase: key) else { return nil }
        if case .null = found.value { return nil }
        return JSONCursor(value: found.value, file: file, path: path.appending(.key(found.key)))
    }

    /// The member `key`, or an error naming what was expected when it is absent or `null`.
    public func requiredMember(_ key: String, expected: String) throws(BillingDocumentError) -> JSONCursor {
        if let found = member(key) { return found }
        let here = path.appending(.key(key)).description
        let found: String
        if case .object(let object) = value, object.member(forKeyIgnoringCase: key) != nil {
            found = "null"
        } else {
            found = "no \"\(key)\" member"
        }
        throw BillingDocumentError(file: file, jsonPath: here, expected: expected, found: found)
    }

    /// This value as an object, or an error.
    public func object(expected: String = "an object") throws(BillingDocumentError) -> JSONObject {
        guard case .object(let object) = value else { throw mismatch(expected: expected) }
        return object
    }

    /// The business fields of an Azure resource: its `properties` object, or the value itself when
    /// it has no `properties` member (some APIs return flat objects).
    public func properties() throws(BillingDocumentError) -> JSONCursor {
        _ = try object(expected: "an object (an Azure resource)")
        guard let properties = member("properties") else { return self }
        _ = try properties.object(expected: "an object of resource properties")
        return properties
    }

    /// The elements of the array `key`, each with its path; an empty array when the member is absent or `null`.
    public func array(_ key: String) throws(BillingDocumentError) -> [JSONCursor] {
        guard let member = member(key) else { return [] }
        return try member.elements()
    }

    /// The elements of this array, each with its path.
    public func elements() throws(BillingDocumentError) -> [JSONCursor] {
        guard case .array(let values) = value else { throw mismatch(expected: "an array") }
        return values.enumerated()
            .map { index, element in JSONCursor(value: element, file: file, path: path.appending(.index(index))) }
    }

    /// The members of the object `key` in document order; empty when the member is absent or `null`.
    public func members(_ key: String) throws(BillingDocumentError) -> [(key: String, cursor: JSONCursor)] {
        guard let member = member(key) else { return [] }
        let object = try member.object()
        return object.members.map { item in
            (item.key, JSONCursor(value: item.value, file: file, path: member.path.appending(.key(item.key))))
        }
    }

    // MARK: Scalars

    /// The string `key`; `nil` when absent or `null`. A number is accepted as its exact text
    /// (Azure sometimes writes IDs such as `"purchaseOrderNumber"` either way).
    public func string(_ key: String) throws(BillingDocumentError) -> String? {
        guard let member = member(key) else { return nil }
        return try member.stringValue()
    }

    /// This value as a string; a number is accepted as its exact text.
    public func stringValue() throws(BillingDocumentError) -> String {
        switch value {
        case .string(let text): return text
        case .number(let text): return text
        default: throw mismatch(expected: "a string")
        }
    }

    /// The strings of the array `key`; empty when absent or `null`.
    public func strings(_ key: String) throws(BillingDocumentError) -> [String] {
        var result: [String] = []
        for element in try array(key) { result.append(try element.stringValue()) }
        return result
    }

    /// The Boolean `key`; `nil` when absent or `null`. The strings `"true"` and `"false"` (any case)
    /// are accepted too.
    public func bool(_ key: String) throws(BillingDocumentError) -> Bool? {
        guard let member = member(key) else { return nil }
        switch member.value {
        case .bool(let flag): return flag
        case .string(let text) where JSONObject.equalIgnoringASCIICase(text, "true"): return true
        case .string(let text) where JSONObject.equalIgnoringASCIICase(text, "false"): return false
        default: throw member.mismatch(expected: "true or false")
        }
    }

    /// The exact number `key`; `nil` when absent or `null`. A string holding a decimal number
    /// (`"exchangeRate": "1"`) is accepted too.
    public func amount(_ key: String) throws(BillingDocumentError) -> Amount? {
        guard let member = member(key) else { return nil }
        return try member.amountValue()
    }

    /// This value as an exact number; see ``amount(_:)``.
    public func amountValue() throws(BillingDocumentError) -> Amount {
        let text: String
        switch value {
        case .number(let number): text = number
        case .string(let string): text = string.trimmingASCIIWhitespace()
        default: throw mismatch(expected: "a number")
        }
        do { return try Amount.parse(text) } catch {
            switch error {
            case .outOfRange: throw mismatch(expected: "a number of at most 20 integer digits")
            default: throw mismatch(expected: "a number")
            }
        }
    }

    /// The whole number `key` (for example `"billingMonth": 20190901`); `nil` when absent or `null`.
    public func integer(_ key: String) throws(BillingDocumentError) -> Int? {
        guard let member = member(key) else { return nil }
        let amount = try member.amountValue()
        let whole = amount.rounded(scale: 0, rule: .towardZero)
        guard whole == amount, let result = Int(exactly: amount.units / Amount.one.units) else {
            throw member.mismatch(expected: "a whole number")
        }
        return result
    }

    /// The money `key`: an Azure amount object `{"currency": "USD", "value": 33.99}`, or a plain
    /// number in `currency` (as in the 2024-04-01 transaction summary).
    ///
    /// `nil` when the member is absent or `null`, or when the object has no `value` (or a `null`
    /// one): a missing amount is never zero. An object without `currency` takes `currency`, or
    /// ``CurrencyCode/unknown`` when that is `nil` too.
    public func money(_ key: String, currency: CurrencyCode? = nil) throws(BillingDocumentError) -> Money? {
        guard let member = member(key) else { return nil }
        return try member.moneyValue(currency: currency)
    }

    /// This value as money; see ``money(_:currency:)``.
    public func moneyValue(currency fallback: CurrencyCode? = nil) throws(BillingDocumentError) -> Money? {
        switch value {
        case .object:
            guard let amountCursor = member("value") else { return nil }
            let amount = try amountCursor.amountValue()
            let code = try string("currency").map { CurrencyCode($0) } ?? fallback ?? .unknown
            return Money(amount: amount, currency: code)
        case .number, .string: return Money(amount: try amountValue(), currency: fallback ?? .unknown)
        default: throw mismatch(expected: "an amount object such as {\"currency\": \"USD\", \"value\": 33.99}")
        }
    }

    /// The currency code `key`, trimmed and upper-cased; `nil` when absent, `null` or empty.
    public func currency(_ key: String) throws(BillingDocumentError) -> CurrencyCode? {
        guard let text = try string(key) else { return nil }
        let code = CurrencyCode(text)
        return code.code.isEmpty ? nil : code
    }

    /// The date `key` in any form ``Timestamp/parse(_:)`` reads; `nil` when absent, `null`, empty,
    /// or the "not set" sentinel `0001-01-01T00:00:00`.
    public func timestamp(_ key: String) throws(BillingDocumentError) -> Timestamp? {
        guard let member = member(key) else { return nil }
        guard case .string(let text) = member.value else {
            throw member.mismatch(expected: "a date string such as \"2024-01-31T00:00:00Z\"")
        }
        if text.trimmingASCIIWhitespace().isEmpty { return nil }
        do { return try Timestamp.parse(text) } catch {
            throw member.mismatch(expected: "an ISO 8601 date (\(error.reason))")
        }
    }

    /// The raw value of `key`, kept as JSON; `nil` when absent or `null`.
    public func raw(_ key: String) -> JSONValue? { member(key)?.value }

    // MARK: Errors

    /// An error saying that this value is not what was expected.
    public func mismatch(expected: String) -> BillingDocumentError {
        BillingDocumentError(file: file, jsonPath: path.description, expected: expected, found: foundDescription)
    }

    /// What this value is, for messages: `the string "n/a"`, `the number 12`, `an object`.
    public var foundDescription: String {
        switch value {
        case .string(let text): return "the string " + JSONValue.string(text).abbreviatedDescription()
        case .number(let text): return "the number \(text)"
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .array(let elements): return elements.isEmpty ? "an empty array" : "an array of \(elements.count) elements"
        case .object: return "the object " + value.abbreviatedDescription()
        }
    }
}
