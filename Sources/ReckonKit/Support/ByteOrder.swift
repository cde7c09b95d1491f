#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one order outputs are sorted in: the UTF-8 bytes of the text.
///
/// `String`'s own `<` and `==` compare by Unicode canonical equivalence, so two spellings of "é"
/// are equal to `==` while their bytes differ; a sort that mixes the two is not a consistent order,
/// and lines that should be summed end up apart. Every report order goes by bytes instead, with
/// one `memcmp` per field (an array literal of field pairs per comparison allocated, and was most
/// of the allocator's sort time at 1M rows).
enum ByteOrder {
    /// Negative, zero or positive as `a`'s UTF-8 bytes sort before, equal to or after `b`'s.
    static func compare(_ a: String, _ b: String) -> Int {
        let result = a.utf8.withContiguousStorageIfAvailable { left in
            b.utf8.withContiguousStorageIfAvailable { right -> Int in
                let common = min(left.count, right.count)
                if common > 0, let x = left.baseAddress, let y = right.baseAddress {
                    let order = memcmp(x, y, common)
                    if order != 0 { return order < 0 ? -1 : 1 }
                }
                return left.count == right.count ? 0 : (left.count < right.count ? -1 : 1)
            }
        }
        if let result, let result { return result }
        if a.utf8.elementsEqual(b.utf8) { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }

    /// Whether `a`'s bytes sort before `b`'s.
    static func precedes(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }

    /// Whether the two texts have the same bytes.
    static func same(_ a: String, _ b: String) -> Bool { compare(a, b) == 0 }
}
