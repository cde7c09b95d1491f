extension StringPool {
    /// A note naming the values that are not valid UTF-8 (``valuesNotUTF8(limit:)``), or `nil`.
    public var notUTF8Note: String? {
        let (count, examples) = valuesNotUTF8()
        guard count > 0 else { return nil }
        return
            "\(count) distinct value(s) in the cost files are not valid UTF-8, which Azure writes, and show as \u{FFFD} in the reports: "
            + examples.map { $0.count > 100 ? $0.prefix(100) + "…" : $0 }.joined(separator: "; ")
            + (count > examples.count ? "; …" : "") + " (was a file saved again in another encoding?)"
    }

    /// The values that are not valid UTF-8, as text with each bad byte written `\xNN`, in id
    /// order: at most `limit` of them, and how many there are.
    ///
    /// Azure writes UTF-8. A value with other bytes (a file re-saved in Latin-1, a cut multi-byte
    /// character) shows U+FFFD (�) in every report, so a run names such values instead of
    /// replacing them silently. Each distinct value is checked once, after the pass, not per row.
    public func valuesNotUTF8(limit: Int = 3) -> (count: Int, examples: [String]) {
        var count = 0
        var examples: [String] = []
        arena.withUnsafeBytes { arena in
            for entry in entries.dropFirst() {
                let bytes = UnsafeRawBufferPointer(rebasing: arena[entry.start..<(entry.start + entry.length)])
                guard let shown = StringPool.escapedIfNotUTF8(bytes) else { continue }
                count += 1
                if examples.count < limit { examples.append(shown) }
            }
        }
        return (count, examples)
    }

    /// `bytes` as text with each byte that is not part of well-formed UTF-8, and each control
    /// byte, written `\xNN`, or `nil` when all of it is well-formed (Unicode's table 3-7: no overlong forms, surrogates or
    /// values past U+10FFFF).
    static func escapedIfNotUTF8(_ bytes: UnsafeRawBufferPointer) -> String? {
        // Most values are ASCII: one pass over the bytes settles them.
        if !bytes.contains(where: { $0 >= 0x80 }) { return nil }
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        var valid = true
        var i = 0
        while i < bytes.count {
            let lead = bytes[i]
            let length = StringPool.sequenceLength(bytes, at: i)
            // Control characters are written in hex too, C0, DEL and C1 (U+0080–U+009F, `C2 80`…
            // `C2 9F`): the note reaches a terminal. A byte of no sequence is written in hex alone.
            let control =
                (length == 1 && (lead < 0x20 || lead == 0x7F)) || (length == 2 && lead == 0xC2 && bytes[i + 1] < 0xA0)
            valid = valid && length > 0
            for byte in bytes[i..<(i + max(length, 1))] {
                if control || length == 0 {
                    out += [0x5C, 0x78, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
                } else {
                    out.append(byte)
                }
            }
            i += max(length, 1)
        }
        return valid ? nil : String(decoding: out, as: UTF8.self)
    }

    /// The length of the well-formed UTF-8 sequence at `i`, or 0 when there is none.
    static func sequenceLength(_ bytes: UnsafeRawBufferPointer, at i: Int) -> Int {
        let lead = bytes[i]
        func continuation(_ offset: Int, _ range: ClosedRange<UInt8> = 0x80...0xBF) -> Bool {
            i + offset < bytes.count && range.contains(bytes[i + offset])
        }
        switch lead {
        case 0x00...0x7F: return 1
        case 0xC2...0xDF: return continuation(1) ? 2 : 0
        case 0xE0: return continuation(1, 0xA0...0xBF) && continuation(2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return continuation(1) && continuation(2) ? 3 : 0
        case 0xED: return continuation(1, 0x80...0x9F) && continuation(2) ? 3 : 0
        case 0xF0: return continuation(1, 0x90...0xBF) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF1...0xF3: return continuation(1) && continuation(2) && continuation(3) ? 4 : 0
        case 0xF4: return continuation(1, 0x80...0x8F) && continuation(2) && continuation(3) ? 4 : 0
        default: return 0
        }
    }
}
