/// The generator's own pseudo-random numbers: xoshiro256** seeded through SplitMix64.
///
/// The fixture must be byte-identical for the same options on any machine and any Swift version,
/// so it never uses `SystemRandomNumberGenerator` or the standard library's `random(in:)`
/// algorithms (whose reduction is not part of any stability promise). Every draw here is plain
/// 64-bit integer arithmetic.
struct FixtureRandom {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates a generator for one independent stream of a seed (catalog, rows, run ids...).
    init(seed: UInt64, stream: UInt64) {
        var mixer = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        s0 = FixtureRandom.splitMix(&mixer)
        s1 = FixtureRandom.splitMix(&mixer)
        s2 = FixtureRandom.splitMix(&mixer)
        s3 = FixtureRandom.splitMix(&mixer)
        if s0 | s1 | s2 | s3 == 0 { s0 = 1 }
    }

    /// One SplitMix64 step: advances `state` and returns a well-mixed value.
    static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A value in `0..<bound` (multiply-high reduction; the tiny bias is irrelevant for fixtures).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "empty range")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A value in `range`.
    mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `numerator / denominator`.
    mutating func chance(_ numerator: Int, in denominator: Int) -> Bool { below(denominator) < numerator }

    /// One element of a non-empty array.
    mutating func pick<T>(_ values: [T]) -> T { values[below(values.count)] }

    /// A lower-case GUID in the 8-4-4-4-12 form, version 4 and variant bits set like Azure's.
    mutating func guid() -> String {
        let high = next()
        let low = next()
        let bytes: [UInt8] =
            (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) }
            + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
        var adjusted = bytes
        adjusted[6] = (adjusted[6] & 0x0F) | 0x40
        adjusted[8] = (adjusted[8] & 0x3F) | 0x80
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in adjusted.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(hex[Int(byte >> 4)])
            text.append(hex[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// Upper-case letters and digits, for MCA-style ids such as `AB12-CD34-EF5-GH6`.
    mutating func code(_ groups: [Int]) -> String {
        let alphabet = Array("ABCDEFGHJKLMNPQRSTUVWXYZ23456789".utf8)
        var text: [UInt8] = []
        for (index, length) in groups.enumerated() {
            if index > 0 { text.append(UInt8(ascii: "-")) }
            for _ in 0..<length { text.append(alphabet[below(alphabet.count)]) }
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// A decimal amount `units / 10^scale` with `units` drawn from `range`.
    mutating func amount(_ range: ClosedRange<Int>, scale: Int) -> Amount {
        Amount(minorUnits: Int128(int(in: range)), scale: scale)
    }
}
