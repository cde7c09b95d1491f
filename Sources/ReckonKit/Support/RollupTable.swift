/// Values per key in first-seen order, found through ``KeySlots``: what a rollup on the hot path
/// uses instead of a `Dictionary`.
///
/// Hand-written because a `Dictionary` seeds a `Hasher` and runs SipHash for every row it updates
/// (with the invoice rollup's two tables, 3–4 % of the close's CPU at 1M rows); here a key's
/// ``MixHashable/mix`` is its hash, and iteration follows insertion, not a per-process seed.
public struct RollupTable<Key: MixHashable & Sendable, Value: Sendable>: Sendable, Sequence {
    var slots = KeySlots<Key>()
    /// The keys, in the order they were first added.
    public private(set) var keys: [Key] = []
    /// The value of each key, at its key's position.
    public private(set) var values: [Value] = []

    /// Creates an empty table.
    public init() {}

    /// The number of keys.
    public var count: Int { keys.count }

    /// Whether the table has no key.
    public var isEmpty: Bool { keys.isEmpty }

    /// Updates the value of `key` in place with `body`, adding `initial` first when the key is new.
    @inline(__always) public mutating func update(
        _ key: Key,
        initial: @autoclosure () -> Value,
        _ body: (inout Value) -> Void
    ) {
        if let position = slots.find(key, in: keys) {
            body(&values[position])
        } else {
            var value = initial()
            body(&value)
            keys.append(key)
            values.append(value)
        }
    }

    /// The value of `key`, if the table has it.
    public subscript(key: Key) -> Value? { slots.position(of: key, in: keys).map { values[$0] } }

    /// The keys and their values, in first-seen order.
    public func makeIterator() -> Zip2Sequence<[Key], [Value]>.Iterator { zip(keys, values).makeIterator() }
}
