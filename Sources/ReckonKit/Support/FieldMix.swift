/// A 64-bit mix of a key's fields, given to `Hasher` as one word.
///
/// The rollups hash one key per row; the standard synthesized `hash(into:)` runs a hasher round
/// per field (21 for an allocation key), which measured as the largest cost after parsing. Keys
/// mix their fields here and combine once; equality stays field by field, so a mix collision only
/// costs a comparison.
struct FieldMix {
    private(set) var value: UInt64 = 0

    /// Mixes two 32-bit fields.
    @inline(__always) mutating func add(_ a: UInt32, _ b: UInt32) { add(UInt64(a) << 32 | UInt64(b)) }

    /// Mixes a 64-bit word (multiply by an odd constant and fold: a bijection per step).
    @inline(__always) mutating func add(_ word: UInt64) {
        value = (value ^ word) &* 0x9E37_79B9_7F4A_7C15
        value ^= value >> 29
    }
}
