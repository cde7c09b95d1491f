import CSIMD

/// Interns byte strings as small integer ids, so each distinct value is stored and made a `String`
/// once, however many rows repeat it.
///
/// Hand-written because the hot path must look a field up without allocating: `Dictionary<String,…>`
/// would need a `String` per field per row (measured: making every field a `String` costs 2.6× the
/// whole parse). Id 0 is the empty value (an empty field, or `NULL`).
public struct StringPool: Sendable {
    struct Entry: Sendable {
        var hash: UInt64
        var start: Int
        var length: Int
    }

    var arena: [UInt8] = []
    var entries: [Entry] = [Entry(hash: 0, start: 0, length: 0)]
    /// Open-addressing slots; an id of 0 is empty (entry 0 is never stored here).
    var slots: [Slot]
    var mask: Int
    /// Arena offsets from this one on are not kept in the slots (4 GiB; tests lower it).
    var slotStartLimit = Int(UInt32.max)

    /// A slot holds what a lookup compares, so a probe reads the slot and, on a match, the stored
    /// bytes: not the entry too. At 10M rows the pool outgrows the core's L2 cache, and each of
    /// those three reads was a miss in turn (`perf annotate`: the entry's was a quarter of
    /// `intern`'s samples). 16 bytes, four slots to a cache line.
    struct Slot {
        /// The entry, or 0 for an empty slot.
        var id: UInt32
        /// The hash's high half (the low bits choose the slot), compared before anything else.
        var tag: UInt32
        /// Where the bytes start in the arena, or `UInt32.max` past 4 GiB (then the entry says).
        var start: UInt32
        /// The bytes' length (a record, and so a value, is at most 1 GiB).
        var length: UInt32

        static let empty = Slot(id: 0, tag: 0, start: 0, length: 0)

        init(id: UInt32, tag: UInt32, start: UInt32, length: UInt32) {
            self.id = id
            self.tag = tag
            self.start = start
            self.length = length
        }

        /// The slot of entry `id`; its start is kept when below `limit` (tests lower it).
        init(id: UInt32, entry: Entry, limit: Int = Int(UInt32.max)) {
            self.id = id
            tag = UInt32(truncatingIfNeeded: entry.hash >> 32)
            start = entry.start < min(limit, Int(UInt32.max)) ? UInt32(entry.start) : .max
            length = UInt32(truncatingIfNeeded: entry.length)
        }
    }
    var strings: [String?] = [""]

    /// Creates an empty pool.
    public init() { self.init(slotCount: 1024) }

    /// Creates an empty pool with `slotCount` slots, a power of two (tests use a few, to make
    /// values share a slot).
    init(slotCount: Int) {
        slots = [Slot](repeating: .empty, count: slotCount)
        mask = slotCount - 1
    }

    /// The number of distinct values, the empty value included.
    public var count: Int { entries.count }

    /// The id of `bytes`, adding it when new.
    public mutating func intern(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        intern(bytes, hash: StringPool.hash(bytes))
    }

    /// The id of `bytes`, whose ``hash(_:)`` is `hash`, adding it when new. (The decoder hashes a
    /// row's values first, to ``prefetch(hash:)`` their slots, and then looks them up.)
    @inline(__always) mutating func intern(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> UInt32 {
        if bytes.isEmpty { return 0 }
        let (found, slot) = probe(bytes, hash: hash)
        if found != 0 { return found }
        let id = UInt32(entries.count)
        let entry = Entry(hash: hash, start: arena.count, length: bytes.count)
        entries.append(entry)
        arena.append(contentsOf: bytes)
        strings.append(nil)
        slots[slot] = Slot(id: id, entry: entry, limit: slotStartLimit)
        if entries.count * 2 > slots.count { grow() }
        return id
    }

    /// Asks the processor for the slot a value of `hash` is looked up in first, without waiting:
    /// the lookup that follows finds it in the cache. (At 10M rows the slots outgrow the L2 cache,
    /// and a row's dozen lookups each waited for their slot in turn.) Mutating only so that a call
    /// on a pool in an array element (a segment's table) borrows it in place: as a plain method it
    /// was called on a copy, four retains and releases a call (`perf annotate`).
    @inline(__always) mutating func prefetch(hash: UInt64) {
        slots.withUnsafeBufferPointer { slots in
            if let base = slots.baseAddress { reckon_prefetch(base + (Int(truncatingIfNeeded: hash) & mask)) }
        }
    }

    /// The id of `bytes` and its slot, or 0 and the empty slot where they would go.
    @inline(__always) func probe(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> (id: UInt32, slot: Int) {
        let tag = UInt32(truncatingIfNeeded: hash >> 32)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let candidate = slots[slot]
            if candidate.id == 0 { return (0, slot) }
            if candidate.tag == tag && Int(candidate.length) == bytes.count {
                let start = candidate.start != .max ? Int(candidate.start) : entries[Int(candidate.id)].start
                if stored(at: start, equals: bytes) { return (candidate.id, slot) }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The values interned from id `firstID` on, in id order: what a worker's pool hands to the
    /// pass's pool after each range (``absorb(_:into:)``), so values are copied once per worker,
    /// not once per range.
    public struct Delta: Sendable {
        /// The id of the first value.
        public let firstID: Int
        /// The values' bytes, one after the other.
        let bytes: [UInt8]
        /// Where each value ends in `bytes`.
        let ends: [Int]
    }

    /// The values from id `firstID` on.
    public func delta(from firstID: Int) -> Delta {
        guard firstID < entries.count else { return Delta(firstID: firstID, bytes: [], ends: []) }
        let start = entries[firstID].start
        return Delta(
            firstID: firstID,
            bytes: Array(arena[start...]),
            ends: entries[firstID...].map { $0.start + $0.length - start }
        )
    }

    /// Interns a delta's values, appending their ids here to `map` (which translates the ids of
    /// the delta's pool, and must hold exactly its ids below `delta.firstID`).
    public mutating func absorb(_ delta: Delta, into map: inout [UInt32]) {
        var start = 0
        delta.bytes.withUnsafeBytes { raw in
            for end in delta.ends {
                map.append(intern(UnsafeRawBufferPointer(rebasing: raw[start..<end])))
                start = end
            }
        }
    }

    /// The id of `text` if the pool has it.
    public func lookup(_ text: String) -> UInt32? {
        var copy = text
        return copy.withUTF8 { buffer -> UInt32? in
            let bytes = UnsafeRawBufferPointer(buffer)
            if bytes.isEmpty { return 0 }
            let id = probe(bytes, hash: StringPool.hash(bytes)).id
            return id == 0 ? nil : id
        }
    }

    /// The id of `text`, adding it when new.
    public mutating func intern(_ text: String) -> UInt32 {
        var copy = text
        return copy.withUTF8 { intern(UnsafeRawBufferPointer($0)) }
    }

    /// The value of `id` as a `String`.
    public func string(_ id: UInt32) -> String {
        if let cached = strings[Int(id)] { return cached }
        let entry = entries[Int(id)]
        return String(decoding: arena[entry.start..<(entry.start + entry.length)], as: UTF8.self)
    }

    /// The value of `id` as a `String`, remembering it for the next call.
    public mutating func cachedString(_ id: UInt32) -> String {
        if let cached = strings[Int(id)] { return cached }
        let value = string(id)
        strings[Int(id)] = value
        return value
    }

    /// Calls `body` with the bytes of `id`.
    public func withBytes<R>(_ id: UInt32, _ body: (ArraySlice<UInt8>) -> R) -> R {
        let entry = entries[Int(id)]
        return body(arena[entry.start..<(entry.start + entry.length)])
    }

    /// Whether `id` holds exactly `bytes`.
    @inline(__always) public func matches(_ id: UInt32, _ bytes: UnsafeRawBufferPointer) -> Bool {
        let entry = entries[Int(id)]
        return entry.length == bytes.count && stored(at: entry.start, equals: bytes)
    }

    /// Whether the arena holds `bytes` from `start` on (the caller has checked the length).
    @inline(__always) func stored(at start: Int, equals bytes: UnsafeRawBufferPointer) -> Bool {
        arena.withUnsafeBytes { stored in
            guard let a = stored.baseAddress, let b = bytes.baseAddress else { return bytes.isEmpty }
            return StringPool.same(a + start, b, count: bytes.count)
        }
    }

    /// Whether `count` bytes at `a` and `b` are equal. Most key values are short (a currency, a
    /// charge type, a name), and for them a call to `memcmp` costs more than the comparing: up to
    /// 32 bytes are compared inline, in words that never read past either run (the last word
    /// overlaps the one before it); longer runs go to `memcmp`, which compares in vectors.
    @inline(__always) static func same(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        if count >= 8 {
            if count > 32 { return memcmp(a, b, count) == 0 }
            var index = 0
            while index + 8 < count {
                if a.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                    != b.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                {
                    return false
                }
                index += 8
            }
            return a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                    == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        var index = 0
        while index < count {
            if a.load(fromByteOffset: index, as: UInt8.self) != b.load(fromByteOffset: index, as: UInt8.self) {
                return false
            }
            index += 1
        }
        return true
    }

    mutating func grow() {
        let size = slots.count * 2
        slots = [Slot](repeating: .empty, count: size)
        mask = size - 1
        for id in 1..<entries.count {
            var slot = Int(truncatingIfNeeded: entries[id].hash) & mask
            while slots[slot].id != 0 { slot = (slot + 1) & mask }
            slots[slot] = Slot(id: UInt32(id), entry: entries[id], limit: slotStartLimit)
        }
    }

    /// A fast 64-bit hash over 8-byte words, good enough for open addressing: each word is
    /// xored into the state, which is then multiplied by an odd constant to 128 bits and folded
    /// (high xor low), so every input bit reaches every state bit. (A 64-bit multiply and
    /// xor-shift, used before, moved a flip of a word's top bit only to two state bits, and two
    /// such flips could cancel another pair: a test holds both cases.)
    ///
    /// Each word waits for the multiply of the one before, so a value of 64 bytes or more (a run
    /// of key fields, tags: 100–200 bytes) is taken 32 bytes at a time in four independent lanes,
    /// which the processor multiplies side by side, and the lanes are folded into one before the
    /// last words. Measured as a chain of dependent hashes (`swiftc -O`): 163 bytes 58 → 34 ns,
    /// 120 bytes 49 → 37–40 ns, 80 bytes 38 → 35 ns, and no slower than before at any length;
    /// under 64 bytes four lanes cost more than they saved (49 bytes 28 → 31 ns).
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var i = 0
        let count = bytes.count
        guard let base = bytes.baseAddress else { return h }
        if count >= 64 {
            var a = h
            var b = h ^ 0x6A09_E667_F3BC_C908
            var c = h ^ 0xBB67_AE85_84CA_A73B
            var d = h ^ 0x3C6E_F372_FE94_F82B
            while i + 32 <= count {
                a = mix(a ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self), 0xBF58_476D_1CE4_E5B9)
                b = mix(b ^ base.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self), 0xBF58_476D_1CE4_E5B9)
                c = mix(c ^ base.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self), 0xBF58_476D_1CE4_E5B9)
                d = mix(d ^ base.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self), 0xBF58_476D_1CE4_E5B9)
                i += 32
            }
            // Each lane is mixed once more on its own before folding, so that equal changes in
            // two lanes do not cancel.
            h = mix(mix(a, 0x94D0_49BB_1331_11EB) ^ b, 0xBF58_476D_1CE4_E5B9)
            h = mix(h ^ mix(c, 0x94D0_49BB_1331_11EB), 0xBF58_476D_1CE4_E5B9)
            h = mix(h ^ mix(d, 0x94D0_49BB_1331_11EB), 0xBF58_476D_1CE4_E5B9)
        }
        while i + 8 <= count {
            h = mix(h ^ base.loadUnaligned(fromByteOffset: i, as: UInt64.self), 0xBF58_476D_1CE4_E5B9)
            i += 8
        }
        var tail: UInt64 = 0
        if i < count && count >= 8 {
            // The last 8 bytes in one load (overlapping the last word), not a byte at a time.
            tail = base.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        } else {
            var shift: UInt64 = 0
            while i < count {
                tail |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift += 8
                i += 1
            }
        }
        return mix(mix(h ^ tail, 0x94D0_49BB_1331_11EB), 0xBF58_476D_1CE4_E5B9)
    }

    /// `x × k` to 128 bits, high half xor low half.
    @inline(__always) static func mix(_ x: UInt64, _ k: UInt64) -> UInt64 {
        let product = x.multipliedFullWidth(by: k)
        return product.high ^ product.low
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
