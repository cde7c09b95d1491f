/// A small JSON document model that renders deterministically (keys in the given order,
/// two-space indentation, numbers written from their exact decimal text).
enum FixtureJSON {
    /// A member of an object.
    struct Member {
        var key: String
        var value: FixtureJSON
    }

    case string(String)
    /// A number given as its exact JSON text, so amounts never pass through `Double`.
    case number(String)
    case bool(Bool)
    case null
    case object([Member])
    case array([FixtureJSON])

    /// An exact decimal amount as a JSON number.
    static func amount(_ value: Amount) -> FixtureJSON { .number(value.fixtureText) }

    static func int(_ value: Int) -> FixtureJSON { .number(String(value)) }

    /// An object from key-value pairs in order.
    static func object(_ pairs: [(String, FixtureJSON)]) -> FixtureJSON {
        .object(pairs.map { Member(key: $0.0, value: $0.1) })
    }

    /// An Azure Amount object: `{"currency": "USD", "value": 12.5}`.
    static func money(_ value: Amount, _ currency: CurrencyCode) -> FixtureJSON {
        .object([("currency", .string(currency.code)), ("value", .amount(value))])
    }

    /// The document as UTF-8 text with a trailing newline.
    func rendered() -> [UInt8] {
        let buffer = FixtureByteBuffer(capacity: 1 << 14)
        render(into: buffer, indent: 0)
        buffer.append(10)
        return buffer.array
    }

    func render(into buffer: FixtureByteBuffer, indent: Int) {
        switch self {
        case .string(let text): buffer.append(jsonString: text)
        case .number(let text): buffer.append(text)
        case .bool(let value): buffer.append(value ? "true" : "false")
        case .null: buffer.append("null")
        case .object(let members):
            guard !members.isEmpty else { return buffer.append("{}") }
            buffer.append("{\n")
            for (position, member) in members.enumerated() {
                pad(buffer, indent + 2)
                buffer.append(jsonString: member.key)
                buffer.append(": ")
                member.value.render(into: buffer, indent: indent + 2)
                buffer.append(position == members.count - 1 ? "\n" : ",\n")
            }
            pad(buffer, indent)
            buffer.append("}")
        case .array(let elements):
            guard !elements.isEmpty else { return buffer.append("[]") }
            buffer.append("[\n")
            for (position, element) in elements.enumerated() {
                pad(buffer, indent + 2)
                element.render(into: buffer, indent: indent + 2)
                buffer.append(position == elements.count - 1 ? "\n" : ",\n")
            }
            pad(buffer, indent)
            buffer.append("]")
        }
    }

    private func pad(_ buffer: FixtureByteBuffer, _ count: Int) {
        for _ in 0..<count { buffer.append(UInt8(ascii: " ")) }
    }
}
