import Foundation
import Testing

@testable import ReckonKit

/// Values that are not UTF-8 are named, with their bad bytes written `\xNN`, instead of being
/// shown as U+FFFD without a word.
@Suite struct PoolUTF8Tests {
    @Test(
        arguments: [
            ([0x41, 0x42], nil), ([0x43, 0x43, 0x2D, 0xFF, 0x35], "CC-\\xFF5"),
            // "été"
            ([0xC3, 0xA9, 0x74, 0xC3, 0xA9], nil),
            // Latin-1 "café"
            ([0x63, 0x61, 0x66, 0xE9], "caf\\xE9"),
            // a cut three-byte character
            ([0xE2, 0x82], "\\xE2\\x82"),
            // an overlong "/"
            ([0xC0, 0xAF], "\\xC0\\xAF"),
            // a surrogate
            ([0xED, 0xA0, 0x80], "\\xED\\xA0\\x80"),
            // past U+10FFFF
            ([0xF4, 0x90, 0x80, 0x80], "\\xF4\\x90\\x80\\x80"),
            // a valid four-byte character, then a stray continuation byte
            ([0xF0, 0x9F, 0x98, 0x80, 0x80], "😀\\x80"),
            // an overlong three-byte form
            ([0xE0, 0x80, 0x80], "\\xE0\\x80\\x80"),
            // an overlong four-byte form
            ([0xF0, 0x80, 0x80, 0x80], "\\xF0\\x80\\x80\\x80"),
            // C1 never leads
            ([0xC1, 0x81], "\\xC1\\x81"),
            // F5–FF never lead
            ([0xF5, 0x80, 0x80, 0x80], "\\xF5\\x80\\x80\\x80"),
            // a terminal escape in a bad value is written in hex
            ([0x1B, 0x5B, 0x32, 0x4A, 0xFF], "\\x1B[2J\\xFF"),
            // a C1 control sequence introducer too
            ([0xC2, 0x9B, 0x32, 0x4A, 0xFF], "\\xC2\\x9B2J\\xFF"),
        ] as [([UInt8], String?)]
    ) func badBytesAreWrittenInHex(bytes: [UInt8], shown: String?) {
        #expect(bytes.withUnsafeBytes { StringPool.escapedIfNotUTF8($0) } == shown)
    }

    @Test func thePoolCountsItsValuesThatAreNotUTF8() {
        var pool = StringPool()
        for value: [UInt8] in [[0x61], [0x62, 0xFF], [0x63], [0xFE], [0x62, 0xFF]] {
            _ = value.withUnsafeBytes { pool.intern($0) }
        }
        let (count, examples) = pool.valuesNotUTF8(limit: 1)
        #expect(count == 2)
        #expect(examples == ["b\\xFF"])
        #expect(pool.notUTF8Note?.hasPrefix("2 distinct value(s) in the cost files are not valid UTF-8") == true)
        #expect(StringPool().notUTF8Note == nil)
    }

    /// `inspect`, the check before a close, says what the close says: the same note, from the
    /// same pool, on a file saved again in Latin-1 (a resource group and a tag value).
    @Test func inspectSaysWhatTheCloseSays() throws {
        let path = try AllocationTest.mcaFile([
            ["10/10/2026", "sub-1", "one", "rg-bXXcher", "VM", "1.50", "\"cc\": \"BXXcher\"", ""],
            ["10/11/2026", "sub-1", "one", "rg-plain", "VM", "2.25", "", ""],
        ])
        let latin1 = try Data(contentsOf: URL(fileURLWithPath: path))
            .split(separator: 0x0A, omittingEmptySubsequences: false)
            .map { line in
                Data(
                    String(decoding: line, as: UTF8.self).replacingOccurrences(of: "XX", with: "\u{1}").utf8
                        .map { $0 == 0x01 ? 0xFC : $0 }
                )
            }
        try Data(latin1.joined(separator: [0x0A])).write(to: URL(fileURLWithPath: path))

        let report = try Inspector.inspect(path: path, reject: { _ in })
        let note = try #require(report.notes.first { $0.contains("not valid UTF-8") }, "\(report.notes)")
        #expect(note.hasPrefix("2 distinct value(s) in the cost files are not valid UTF-8"))
        #expect(note.contains("rg-b\\xFCcher") && note.contains("\"cc\": \"B\\xFCcher\""))
        let config = try AllocationTest.config(
            "allocation:\n  cost_centers:\n    - { id: team-a }\n  rules:\n    - { to: team-a }\n"
        )
        let run = try AllocationRunner.run(
            plan: try InputDiscovery.costFiles(at: path, metric: nil),
            config: config,
            reject: { _ in }
        )
        #expect(run.notes.filter { $0.contains("not valid UTF-8") } == [note])
    }
}

/// The pool's slots keep each value's hash, offset and length; past 4 GiB of values the offset
/// comes from the entry instead. Both give the same ids for the same values.
@Suite struct PoolSlotTests {
    @Test(arguments: [Int(UInt32.max), 0, 700]) func idsAreTheSameWithOrWithoutOffsetsInTheSlots(limit: Int) {
        var pool = StringPool()
        pool.slotStartLimit = limit
        // 3,000 values (the slots grow three times), among them values that differ only in their last
        // byte and values of equal length: each found again by its own id.
        let values = (0..<3_000).map { index in Array("value-\(index % 7 == 0 ? "x" : "")\(index)".utf8) }
        let ids = values.map { value in value.withUnsafeBytes { pool.intern($0) } }
        #expect(ids == (1...3_000).map(UInt32.init))
        for (value, id) in zip(values, ids) {
            #expect(value.withUnsafeBytes { pool.intern($0) } == id)
            #expect(pool.lookup(String(decoding: value, as: UTF8.self)) == id)
        }
        #expect(pool.lookup("value-3000") == nil)
        #expect(pool.count == 3_001)
    }

    /// Two values of the same length whose hashes share the 32 bits a slot keeps and the 3 bits
    /// that choose one of 8 slots (found by a birthday search over 35 bits: about 2^17.5 tries)
    /// meet in one probe sequence, and are told apart by their bytes alone.
    @Test(arguments: [Int(UInt32.max), 0]) func valuesWhoseSlotTagsCollideAreToldApart(limit: Int) throws {
        var seen: [UInt64: Int] = [:]
        var pair: (String, String)?
        for index in 0..<3_000_000 {
            var value = Array(String(index + 10_000_000).utf8)
            let hash = value.withUnsafeBytes { StringPool.hash($0) }
            let key = (hash >> 32) << 3 | (hash & 7)
            if let other = seen[key] {
                pair = (String(other + 10_000_000), String(decoding: value, as: UTF8.self))
                break
            }
            seen[key] = index
            value.removeAll()
        }
        let (first, second) = try #require(pair)
        var pool = StringPool(slotCount: 8)
        pool.slotStartLimit = limit
        let a = pool.intern(first)
        let b = pool.intern(second)
        #expect(a != b)
        #expect(pool.intern(first) == a && pool.intern(second) == b)
        #expect(pool.lookup(first) == a && pool.lookup(second) == b)
        #expect(pool.string(a) == first && pool.string(b) == second)
    }
}
