import Testing

@testable import ReckonKit

@Suite struct KeySlotsTests {
    /// A second method: a `Dictionary` of first positions must agree with the index for every
    /// key, through many growths, with keys that repeat and keys that collide in the low bits.
    @Test(arguments: [1, 7, 1000, 50_000]) func findsEveryKeyAtItsFirstPosition(distinct: Int) {
        var generator = SplitMix(seed: UInt64(distinct))
        var slots = KeySlots<TestKey>()
        var keys: [TestKey] = []
        var oracle: [TestKey: Int] = [:]
        for _ in 0..<(distinct * 3) {
            let value = UInt32(generator.next() % UInt64(distinct))
            let key = TestKey(low: value & 0xFF, high: value >> 8)
            let found = slots.find(key, in: keys)
            #expect(found == oracle[key])
            if found == nil {
                oracle[key] = keys.count
                keys.append(key)
            }
        }
        #expect(keys.count == oracle.count)
        for (key, position) in oracle { #expect(slots.find(key, in: keys) == position) }
    }
}

/// A key whose mix collides often in the low bits, to exercise probing.
struct TestKey: MixHashable {
    var low: UInt32
    var high: UInt32
    var mix: UInt64 { UInt64(high) << 40 | UInt64(low % 3) }
}

@Suite struct RollupTableTests {
    /// A second method: a `Dictionary` summing the same updates must hold the same sums, with keys
    /// whose mixes collide; the table iterates in first-seen order, and a lookup adds nothing.
    @Test(arguments: [1, 13, 5000]) func sumsLikeADictionaryInFirstSeenOrder(distinct: Int) {
        var generator = SplitMix(seed: UInt64(distinct) + 99)
        var table = RollupTable<TestKey, Int>()
        var oracle: [TestKey: Int] = [:]
        var order: [TestKey] = []
        for step in 0..<(distinct * 4) {
            let value = UInt32(generator.next() % UInt64(distinct))
            let key = TestKey(low: value & 0xFF, high: value >> 8)
            table.update(key, initial: 1000) { $0 += step }
            if oracle[key] == nil { order.append(key) }
            oracle[key, default: 1000] += step
        }
        #expect(table.count == oracle.count)
        #expect(table.keys == order)
        for (key, sum) in table { #expect(oracle[key] == sum) }
        #expect(table[TestKey(low: 7, high: 1 << 20)] == nil)
        #expect(table.count == oracle.count)
    }
}
