import CSIMD

extension CSVReader {
    /// Parses one well-formed record at `position` by walking whole 64-byte blocks, or returns nil
    /// and changes nothing that ``parseAnyRecord()`` does not set again.
    ///
    /// The simdjson/simdcsv technique: classify 64 bytes into masks, find which bytes lie inside
    /// quotes with a prefix XOR of the quote mask, and take the separators outside quotes one set
    /// bit at a time. A field then costs a handful of instructions instead of a scan, which matters
    /// with 65 columns a row (measured: the field-by-field parser took about 110 instructions a
    /// field, a third of `reckon inspect`'s time; see BENCHMARKS.md).
    ///
    /// The prefix XOR is right only when every quote is where RFC 4180 puts it, so each block is
    /// checked first: a quote that opens must follow a separator, the record start or another
    /// quote (a doubled pair), and a quote that closes must be followed by a separator or a quote.
    /// Under those two rules a field that starts with a quote ends with its closing quote right
    /// before the separator, an unquoted field holds no quote at all, and a closing quote followed
    /// by a quote is a doubled pair inside the field. A record that breaks a rule (a syntax error,
    /// or a stray quote in an unquoted field, which is kept as text), a record not complete in the
    /// buffer, and a CR as the buffer's last byte all return nil, so the byte-by-byte parser, which
    /// names every error, decides them.
    @inline(__always) func parseWellFormedRecord() -> Outcome? {
        let bytes = self.bytes
        let end = filled
        var blockStart = position
        var fieldStart = position
        var spans = spanStorage
        var count = 0
        var quotedRecord = false
        var newlines = 0
        /// All ones when the previous block ended inside quotes.
        var inside: UInt64 = 0
        /// Bit 0: the byte before this block is a separator or a quote, or this is the record start.
        var boundaryIn: UInt64 = 1
        /// Bit 0: the previous block's last byte is a closing quote (its follower is in this block).
        var closingOut: UInt64 = 0
        /// The current field holds a doubled quote in a block already walked.
        var escapedSoFar = false
        var separators: UInt64 = 0
        var quotes: UInt64 = 0
        var lineFeeds: UInt64 = 0
        var lineEnds: UInt64 = 0

        while true {
            let valid = end - blockStart
            if valid <= 0 { return nil }
            // A block ends at most 64 fields (one per separator); make room before the loop.
            if spanCapacity - count < 65 {
                spanCount = count
                growSpans()
                spans = spanStorage
            }
            reckon_classify64(bytes + blockStart, &separators, &quotes, &lineFeeds, &lineEnds)
            if valid < 64 {
                let keep: UInt64 = (1 << UInt64(valid)) &- 1
                separators &= keep
                quotes &= keep
                lineFeeds &= keep
                lineEnds &= keep
            }
            // Most blocks of a cost row hold no quote and not the row's end. With no quote open
            // at the block's start either (and none closing at its first byte), every separator
            // is a comma after an unquoted field: a few instructions a field, with no byte read.
            if quotes | closingOut | inside | lineEnds == 0 && !escapedSoFar {
                var commas = separators
                while commas != 0 {
                    let stop = blockStart + commas.trailingZeroBitCount
                    spans[count] = Span(
                        start: Int32(truncatingIfNeeded: fieldStart),
                        end: Int32(truncatingIfNeeded: stop),
                        escaped: false
                    )
                    count += 1
                    fieldStart = stop + 1
                    commas &= commas &- 1
                }
                boundaryIn = separators >> 63
                if valid < 64 { return nil }
                blockStart += 64
                continue
            }
            var outside = separators & ~inside
            var quoted: UInt64 = inside
            var pairs: UInt64 = 0
            if quotes | closingOut != 0 {
                quoted = prefixXor(quotes) ^ inside
                let closing = quotes & ~quoted
                let opening = quotes & quoted
                let stops = separators | quotes
                if opening & ~(stops << 1 | boundaryIn) != 0 { return nil }
                // The follower of bit 63 is checked with the next block.
                if closing & ~(stops >> 1) & ~(1 << 63) != 0 { return nil }
                if closingOut & ~stops != 0 { return nil }
                pairs = closing & (quotes >> 1)
                if closingOut & quotes != 0 { escapedSoFar = true }
                outside = separators & ~quoted
                closingOut = closing >> 63
            }
            boundaryIn = (separators | quotes) >> 63
            inside = quoted >> 63 == 0 ? 0 : ~0

            while outside != 0 {
                let bit = outside.trailingZeroBitCount
                let stop = blockStart + bit
                let below: UInt64 = (1 << UInt64(bit)) &- 1
                let escaped = escapedSoFar || pairs & below != 0
                escapedSoFar = false
                pairs &= ~below
                if stop > fieldStart && bytes[fieldStart] == 0x22 {
                    quotedRecord = true
                    spans[count] = Span(
                        start: Int32(truncatingIfNeeded: fieldStart + 1),
                        end: Int32(truncatingIfNeeded: stop - 1),
                        escaped: escaped
                    )
                } else {
                    spans[count] = Span(
                        start: Int32(truncatingIfNeeded: fieldStart),
                        end: Int32(truncatingIfNeeded: stop),
                        escaped: false
                    )
                }
                count += 1
                let byte = bytes[stop]
                if byte == 0x2C {
                    fieldStart = stop + 1
                    outside &= outside &- 1
                    continue
                }
                let quotedLineFeeds = lineFeeds & quoted & below
                if quotedLineFeeds != 0 { newlines += quotedLineFeeds.nonzeroBitCount }
                var next = stop + 1
                if byte == 0x0D {
                    // CR: take a following LF with it; the byte after a CR at the end is not known yet.
                    if next >= end { return nil }
                    if bytes[next] == 0x0A { next += 1 }
                }
                spanCount = count
                recordQuoted = quotedRecord
                return finish(at: next, newlines: newlines + 1)
            }
            if pairs != 0 { escapedSoFar = true }
            let quotedLineFeeds = lineFeeds & quoted
            if quotedLineFeeds != 0 { newlines += quotedLineFeeds.nonzeroBitCount }
            if valid < 64 { return nil }
            blockStart += 64
        }
    }

    /// Doubles the span storage, keeping the first `spanCount` spans.
    func growSpans() {
        let bigger = UnsafeMutablePointer<CSVRecord.Span>.allocate(capacity: spanCapacity * 2)
        bigger.moveInitialize(from: spanStorage, count: spanCount)
        spanStorage.deallocate()
        spanStorage = bigger
        spanCapacity *= 2
    }

    typealias Span = CSVRecord.Span
}

/// Bit i of the result is the XOR of bits 0…i of `x`: with `x` the quote mask, the bytes from an
/// opening quote up to (not including) its closing quote.
@inline(__always) func prefixXor(_ x: UInt64) -> UInt64 {
    var x = x
    x ^= x << 1
    x ^= x << 2
    x ^= x << 4
    x ^= x << 8
    x ^= x << 16
    x ^= x << 32
    return x
}
