/// A JSON object whose members keep document order, with lookup by key.
///
/// Duplicate keys (RFC 8259 leaves their meaning open) are resolved deterministically: the **last**
/// value wins, and the member stays at the position where the key first appeared. Equality and
/// hashing compare the members in order.
public struct JSONObject: Hashable, Sendable {
    /// One member: a key and its value.
    public struct Member: Hashable, Sendable {
        /// The key, with escapes resolved.
        public let key: String
        /// The value.
        public let value: JSONValue

        /// Creates a member.
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in document order, each key once.
    public private(set) var members: [Member]

    /// The position in `members` of each key.
    private var positions: [String: Int]

    /// Creates an empty object.
    public init() {
        members = []
        positions = [:]
    }

    /// Creates an object from key–value pairs in order; for a repeated key the last value wins.
    public init(_ pairs: [(String, JSONValue)]) {
        self.init()
        for (key, value) in pairs { set(value, forKey: key) }
    }

    /// Sets the value of `key`: replaces it in place when the key exists, appends it otherwise.
    public mutating func set(_ value: JSONValue, forKey key: String) {
        if let position = positions[key] {
            members[position] = Member(key: key, value: value)
        } else {
            positions[key] = members.count
            members.append(Member(key: key, value: value))
        }
    }

    /// The value of `key` (exact, case-sensitive match), or `nil` when the key is absent.
    public subscript(key: String) -> JSONValue? {
        guard let position = positions[key] else { return nil }
        return members[position].value
    }

    /// The value of `key` matched without regard to ASCII case.
    ///
    /// An exact match wins. Otherwise, when several keys differ from `key` only in case, the last of
    /// them in document order wins, in line with the last-wins rule for duplicate keys.
    public func value(forKeyIgnoringCase key: String) -> JSONValue? { member(forKeyIgnoringCase: key)?.value }

    /// The member whose key matches `key` without regard to ASCII case; see ``value(forKeyIgnoringCase:)``.
    public func member(forKeyIgnoringCase key: String) -> Member? {
        if let position = positions[key] { return members[position] }
        return members.last { JSONObject.equalIgnoringASCIICase($0.key, key) }
    }

    /// The keys in document order.
    public var keys: [String] { members.map(\.key) }

    /// The number of members.
    public var count: Int { members.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { members.isEmpty }

    /// Whether two objects have the same members in the same order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { lhs.members == rhs.members }

    /// Hashes the members in order, consistent with `==`.
    public func hash(into hasher: inout Hasher) { hasher.combine(members) }

    /// Whether two strings are equal when ASCII letters are compared without case.
    static func equalIgnoringASCIICase(_ lhs: String, _ rhs: String) -> Bool {
        // Case folding of ASCII never changes the length, so most keys are ruled out here.
        guard lhs.utf8.count == rhs.utf8.count else { return false }
        var left = lhs.utf8.makeIterator()
        var right = rhs.utf8.makeIterator()
        while true {
            switch (left.next(), right.next()) {
            case (nil, nil): return true
            case (let a?, let b?): if a != b && lowercasedASCII(a) != lowercasedASCII(b) { return false }
            default: return false
            }
        }
    }

    private static func lowercasedASCII(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte }
}
