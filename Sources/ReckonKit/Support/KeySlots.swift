/// An index from keys to their positions in an array the caller keeps, for rollups that store
/// their keys in first-seen order anyway.
///
/// Hand-written because `Dictionary<Key, Int>` stores a second copy of every key: at 10M rows an
/// allocation rollup holds 37,618 keys of 84 bytes, and a pass keeps up to six rollups at once
/// (the stage's, the file's, and the ranges in flight), so the copies alone came to about 30 MiB
/// of the close's peak. This table holds 4 bytes per slot, at most half full.
struct KeySlots<Key: MixHashable>: Sendable {
    /// Position + 1 per slot; 0 is empty.
    private var table = [UInt32](repeating: 0, count: 16)
    private var count = 0

    /// Creates an empty index.
    init() {}

    /// The position of `key` in `keys`; when it is absent, records `keys.count` as its position
    /// and returns nil, and the caller appends `key` to `keys` before the next call.
    mutating func find(_ key: Key, in keys: [Key]) -> Int? {
        if (count + 1) * 2 > table.count { rehash(keys, size: table.count * 2) }
        let mask = table.count - 1
        var slot = KeySlots.slot(key, mask)
        while true {
            let entry = table[slot]
            if entry == 0 { break }
            let position = Int(entry) - 1
            if keys[position] == key { return position }
            slot = (slot + 1) & mask
        }
        table[slot] = UInt32(keys.count + 1)
        count += 1
        return nil
    }

    /// The position of `key` in `keys`, or nil; the index is not changed.
    func position(of key: Key, in keys: [Key]) -> Int? {
        let mask = table.count - 1
        var slot = KeySlots.slot(key, mask)
        while true {
            let entry = table[slot]
            if entry == 0 { return nil }
            let position = Int(entry) - 1
            if keys[position] == key { return position }
            slot = (slot + 1) & mask
        }
    }

    /// The first slot of a key: the high bits of its mix times a constant (the low bits of a
    /// multiply-mix are its weakest).
    @inline(__always) private static func slot(_ key: Key, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (key.mix &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    private mutating func rehash(_ keys: [Key], size: Int) {
        table = [UInt32](repeating: 0, count: size)
        let mask = size - 1
        for (position, key) in keys.enumerated() {
            var slot = KeySlots.slot(key, mask)
            while table[slot] != 0 { slot = (slot + 1) & mask }
            table[slot] = UInt32(position + 1)
        }
        count = keys.count
    }
}

/// A key that mixes its fields into one word (``FieldMix``), for ``KeySlots``: deterministic,
/// with no `Hasher` made per row.
public protocol MixHashable: Hashable {
    /// The key's fields mixed into one word: equal keys have equal mixes.
    var mix: UInt64 { get }
}

extension MixHashable {
    /// One `combine` of ``mix``, where a `Dictionary` or `Set` holds the key.
    public func hash(into hasher: inout Hasher) { hasher.combine(mix) }
}
