import CSIMD

/// A problem in the CSV syntax of one record.
public enum CSVSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A quoted field was still open when the input ended.
    case unterminatedQuote(bytesLeft: Int)
    /// A closing quote was followed by something other than a comma or a line end.
    case textAfterClosingQuote(field: Int, byte: UInt8)
    /// One record grew past the reader's limit without ending (almost always a quote never closed);
    /// the input ends there.
    case recordTooLong(limit: Int)

    /// The problem as a sentence for the user.
    public var description: String {
        switch self {
        case .unterminatedQuote(let bytesLeft):
            return
                "a quoted field is never closed: the input ends inside quotes (\(bytesLeft) bytes from this record to the end could not be split into rows)"
        case .textAfterClosingQuote(let field, let byte):
            let shown =
                byte >= 0x20 && byte < 0x7F
                ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
            return
                "field \(field) has \(shown) after its closing quote; expected ',' or the end of the line (inner quotes must be doubled: \"\")"
        case .recordTooLong(let limit):
            return
                "this record is longer than \(limit / (1 << 20)) MiB and has not ended: a quote that is never closed, or a value far longer than any export writes; the rest of the file was not read, so the rows it may hold are not counted"
        }
    }
}

/// A streaming RFC 4180 reader over bytes that hands out fields as byte slices.
///
/// Hand-written because this is the hottest code in Reckon: general Swift CSV libraries measured
/// 50–100× slower than a byte loop on a 1.36 GB export (see BENCHMARKS.md). It accepts LF and CRLF,
/// a UTF-8 byte-order mark, quoted fields with embedded commas, doubled quotes and line breaks, and
/// a last line without a line end. No field is copied unless it contains doubled quotes.
///
/// Use: `while try reader.next() { reader.withField(3) { bytes in … } }`. A record's fields are valid
/// only until the next call to `next()`. `line` is the 1-based physical line where the record
/// starts, so messages can point at it even when quoted fields span lines.
public final class CSVReader {
    let source: any ByteSource
    var buffer: UnsafeMutableRawBufferPointer
    /// `buffer`'s first byte.
    var bytes: UnsafeMutablePointer<UInt8>
    /// Valid bytes are `buffer[position..<filled]`.
    var position = 0
    var filled = 0
    var sourceEOF = false
    /// Field spans of the current record: `spanStorage[0..<spanCount]`.
    var spanStorage: UnsafeMutablePointer<CSVRecord.Span>
    var spanCapacity = 256
    var spanCount = 0
    var recordStart = 0
    var recordEnd = 0
    var nextLine = 1
    /// Bytes dropped from the front of the buffer so far.
    var discarded = 0
    /// The offset of the source's first byte in the file (for a reader over a byte range).
    let baseOffset: Int
    /// Records starting at or after this file offset are not read (the next range's reader reads them).
    let stopOffset: Int
    var checkedBOM = false
    var recordQuoted = false
    /// Whether the current record was split into fields (its spans are valid), as opposed to one
    /// skipped for a syntax error.
    var recordParsed = false
    /// Parse every record byte by byte (``parseAnyRecord()``), never by whole blocks; tests compare both.
    let byteByByteOnly: Bool
    /// The longest record read; a longer one ends the input with ``CSVSyntaxError/recordTooLong(limit:)``
    /// instead of buffering the rest of a many-gigabyte file. Field offsets are 32-bit, so it is
    /// below 2 GiB.
    let maxRecordBytes: Int

    /// The 1-based line on which the current record starts.
    public private(set) var line = 0
    /// The number of fields in the current record.
    public var fieldCount: Int { spanCount }
    /// Bytes taken from the source so far (compressed bytes for gzip).
    public var bytesConsumed: Int { source.bytesConsumed }
    /// Bytes of CSV text parsed so far.
    public private(set) var bytesParsed = 0
    /// True when the current record is an empty line.
    public var isBlankLine: Bool { spanCount == 1 && spanStorage[0].start == spanStorage[0].end && !recordQuoted }

    /// The current record's fields. Valid until the next call to `next()`.
    public var record: CSVRecord { CSVRecord(base: bytes, spans: spanStorage, count: spanCount) }

    /// The file offset where the next record starts.
    public var offset: Int { baseOffset + discarded + position }

    /// Lines read so far: the line the next record starts on, minus one.
    public var linesRead: Int { nextLine - 1 }

    /// Creates a reader. `bufferSize` is the initial buffer; it grows when one record is larger.
    /// 256 KiB by default: bytes read into it are parsed while still in the core's L2 cache, and
    /// the string pool and rollups keep the rest of it (with 1 MiB, `inspect --threads 1` took
    /// about 6 % longer).
    ///
    /// For a byte range of a file, `baseOffset` is the range's first byte in the file, `stopOffset`
    /// the offset at which no new record is started (a record that starts before it is read to its
    /// end), `firstLine` the line number of the first record, and `skipBOM` false.
    public init(
        source: any ByteSource,
        bufferSize: Int = 1 << 18,
        baseOffset: Int = 0,
        stopOffset: Int = .max,
        firstLine: Int = 1,
        skipBOM: Bool = true,
        byteByByteOnly: Bool = false,
        maxRecordBytes: Int = 64 << 20
    ) {
        self.source = source
        self.byteByByteOnly = byteByByteOnly
        self.maxRecordBytes = min(maxRecordBytes, 1 << 30)
        self.baseOffset = baseOffset
        self.stopOffset = stopOffset
        self.nextLine = firstLine
        self.checkedBOM = !skipBOM
        let buffer = UnsafeMutableRawBufferPointer.allocate(
            byteCount: max(16, bufferSize) + CSVReader.padding,
            alignment: 16
        )
        // Blocks of 64 bytes may be loaded past the data; they are masked off, but never uninitialized.
        buffer.initializeMemory(as: UInt8.self, repeating: 0)
        self.buffer = buffer
        self.bytes = buffer.bindMemory(to: UInt8.self).baseAddress.unsafelyUnwrapped
        self.spanStorage = UnsafeMutablePointer<CSVRecord.Span>.allocate(capacity: spanCapacity)
    }

    deinit {
        buffer.deallocate()
        spanStorage.deallocate()
    }

    /// Moves to the next record; returns `false` at the end of the input.
    ///
    /// - Throws: ``CSVSyntaxError`` for a record that cannot be split into fields (the reader skips
    ///   that record and can go on, except after an unterminated quote, which ends the input), or
    ///   ``IngestError`` when the source fails.
    public func next() throws -> Bool {
        if !checkedBOM {
            checkedBOM = true
            try ensure(3)
            if filled - position >= 3, buffer[position] == 0xEF, buffer[position + 1] == 0xBB,
                buffer[position + 2] == 0xBF
            {
                position += 3
            }
        }
        while true {
            if baseOffset + discarded + position >= stopOffset { return false }
            if position >= filled {
                if sourceEOF { return false }
                try refill()
                if position >= filled && sourceEOF { return false }
                continue
            }
            switch parseRecord() {
            case .complete:
                recordParsed = true
                return true
            case .needMore:
                if filled - position >= maxRecordBytes {
                    skipRecord(to: filled)
                    // Skip the rest without keeping it, so `offset` ends at the input's end, as
                    // after an unterminated quote (a range reader then lines up with the next).
                    let scratch = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 1)
                    defer { scratch.deallocate() }
                    while true {
                        let got = try source.read(into: scratch)
                        if got == 0 { break }
                        discarded += got
                    }
                    sourceEOF = true
                    throw CSVSyntaxError.recordTooLong(limit: maxRecordBytes)
                }
                try refill()
            case .syntax(let error, let resume):
                skipRecord(to: resume)
                throw error
            }
        }
    }

    /// Makes `position..<resume` the current (rejected) record and moves past it.
    func skipRecord(to resume: Int) {
        recordParsed = false
        line = nextLine
        nextLine += countNewlines(from: position, to: resume)
        bytesParsed += resume - position
        recordStart = position
        recordEnd = resume
        position = resume
    }

    /// Calls `body` with the bytes of field `index` (quotes removed, doubled quotes undone).
    @inline(__always) public func withField<R>(_ index: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R
    { try body(record.field(index)) }

    /// The field as a `String` (allocates; use for headers and kept keys only).
    public func string(_ index: Int) -> String { String(decoding: record.field(index), as: UTF8.self) }

    /// Whether the current record ends with a line break (LF, CRLF or a lone CR); only the last
    /// record of a file can end without one.
    public var recordHasLineEnd: Bool {
        recordEnd > recordStart && (buffer[recordEnd - 1] == 0x0A || buffer[recordEnd - 1] == 0x0D)
    }

    /// Whether the current record ends with a lone carriage return (no line feed after it): an
    /// old Mac line end, or a line break inside a value that was not quoted.
    public var recordEndsWithLoneCR: Bool { recordEnd > recordStart && buffer[recordEnd - 1] == 0x0D }

    /// Why the current record, with `expected` fields wanted, is rejected: the counts, and for a
    /// short record what most likely cut it (the file's last line without a line end: a copy or a
    /// download that stopped; a lone carriage return: a line break in a value not in quotes).
    public func wrongFieldCount(expected: Int) -> String {
        let cut =
            fieldCount >= expected
            ? ""
            : !recordHasLineEnd
                ? "; it is the file's last line and has no line end: the file looks cut off here (copied or downloaded only in part?)"
                : recordEndsWithLoneCR
                    ? "; the line ends at a carriage return (CR) with no line feed after it: where the file's other lines end in CR LF or LF, this is a line break inside a value that is not in quotes (a value holding a line break must be in quotes), and it cut the row in two"
                    : ""
        return "expected \(expected) fields (as in the header), found \(fieldCount)\(cut)"
    }

    /// The raw text of the current record, cut to `limit` bytes, for reject files: the record as
    /// it stands in the file, without its line end.
    ///
    /// Reading a field unescapes it in place (``CSVRecord/field(_:)``), so once a record's fields
    /// have been read its bytes in the buffer are no longer the file's. A record that was split
    /// into fields is therefore written again from its fields: a quoted field in quotes with its
    /// quotes doubled (undoing the unescaping exactly), the others as they are, joined by commas.
    /// A record skipped for a syntax error was never split, and its bytes are taken as they are.
    public func rawRecord(limit: Int = 2000) -> String {
        var end = recordEnd
        while end > recordStart && (buffer[end - 1] == 0x0A || buffer[end - 1] == 0x0D) { end -= 1 }
        guard recordParsed else {
            let cut = min(end, recordStart + limit)
            let text = String(decoding: UnsafeRawBufferPointer(rebasing: buffer[recordStart..<cut]), as: UTF8.self)
            return cut < end ? text + "…" : text
        }
        var text: [UInt8] = []
        text.reserveCapacity(min(end - recordStart, limit) + 1)
        for index in 0..<spanCount {
            if text.count > limit { break }
            if index > 0 { text.append(0x2C) }
            let span = spanStorage[index]
            let start = Int(span.start)
            let content = UnsafeBufferPointer(start: bytes + start, count: Int(span.end) - start)
            // A quoted field's content starts after its quote; an unquoted one's after a comma,
            // the line break before the record, or at the buffer's start.
            guard start > 0 && bytes[start - 1] == 0x22 else {
                text.append(contentsOf: content)
                continue
            }
            text.append(0x22)
            if span.escaped {
                // Not read yet: still as in the file, doubled quotes and all.
                text.append(contentsOf: content)
            } else {
                for byte in content {
                    text.append(byte)
                    if byte == 0x22 { text.append(0x22) }
                }
            }
            text.append(0x22)
        }
        guard text.count > limit else { return String(decoding: text, as: UTF8.self) }
        return String(decoding: text[..<limit], as: UTF8.self) + "…"
    }

    // MARK: - Parsing

    enum Outcome {
        case complete
        case needMore
        case syntax(CSVSyntaxError, resume: Int)
    }

    /// Bytes of slack after the usable buffer, so a 64-byte block can always be loaded.
    static let padding = 64

    /// The usable size of the buffer.
    var capacity: Int { buffer.count - CSVReader.padding }

    /// Parses one record at `position`. Leaves `position` untouched unless the record is complete.
    ///
    /// Well-formed records complete in the buffer take the block walk (``parseWellFormedRecord()``);
    /// everything else (syntax errors, stray quotes, the end of the buffer) takes ``parseAnyRecord()``,
    /// which decides every case. Both give the same fields, lines and errors.
    @inline(__always) func parseRecord() -> Outcome {
        if !byteByByteOnly, let outcome = parseWellFormedRecord() { return outcome }
        return parseAnyRecord()
    }

    /// Parses any record at `position`, field by field, and names its syntax errors.
    ///
    /// The bytes are classified 64 at a time (``reckon_classify64``): one mask of separators
    /// (`,` LF CR) and one of quotes. An unquoted field ends at the next separator bit; a quoted field
    /// at the next quote bit that is not doubled; line breaks inside quotes are counted from a third
    /// mask. Each byte is classified once however short the fields are.
    func parseAnyRecord() -> Outcome {
        spanCount = 0
        recordQuoted = false
        let bytes = self.bytes
        let end = filled
        var p = position
        var newlines = 0
        var block = ByteBlock()

        while true {
            // One field starts at p.
            if p >= end {
                if sourceEOF {
                    // Input ends after a comma: a last, empty field.
                    appendSpan(p, p, false)
                    return finish(at: p, newlines: newlines)
                }
                return .needMore
            }
            if bytes[p] == 0x22 {
                recordQuoted = true
                let start = p + 1
                var q = start
                var escaped = false
                while true {
                    if q >= end {
                        if sourceEOF { return .syntax(.unterminatedQuote(bytesLeft: end - position), resume: end) }
                        return .needMore
                    }
                    if q < block.start || q >= block.start + 64 { block.load(bytes, at: q, end: end) }
                    let shift = UInt64(q - block.start)
                    let found = block.quotes >> shift
                    if found == 0 {
                        newlines += (block.lineFeeds >> shift).nonzeroBitCount
                        q = block.start + 64
                        continue
                    }
                    let offset = found.trailingZeroBitCount
                    newlines += ((block.lineFeeds >> shift) & ((1 << UInt64(offset)) &- 1)).nonzeroBitCount
                    q += offset
                    // A quote: doubled, or the closing one.
                    if q + 1 >= end && !sourceEOF { return .needMore }
                    if q + 1 < end && bytes[q + 1] == 0x22 {
                        escaped = true
                        q += 2
                        continue
                    }
                    break
                }
                appendSpan(start, q, escaped)
                p = q + 1
                if p >= end {
                    if sourceEOF { return finish(at: p, newlines: newlines) }
                    return .needMore
                }
                let next = bytes[p]
                if next == 0x2C {
                    p += 1
                    if p >= end && sourceEOF {
                        appendSpan(p, p, false)
                        return finish(at: p, newlines: newlines)
                    }
                    continue
                }
                if next == 0x0A { return finish(at: p + 1, newlines: newlines + 1) }
                if next == 0x0D {
                    if p + 1 >= end && !sourceEOF { return .needMore }
                    let after = p + 1 < end && bytes[p + 1] == 0x0A ? p + 2 : p + 1
                    return finish(at: after, newlines: newlines + 1)
                }
                // Skip to the end of this line so the next record starts cleanly.
                var r = p
                while r < end && bytes[r] != 0x0A { r += 1 }
                if r >= end && !sourceEOF { return .needMore }
                let resume = r < end ? r + 1 : r
                return .syntax(.textAfterClosingQuote(field: spanCount, byte: next), resume: resume)
            }
            // An unquoted field: it ends at the next comma or line end. A stray quote is kept as text.
            let start = p
            var q = p
            while q < end {
                if q < block.start || q >= block.start + 64 { block.load(bytes, at: q, end: end) }
                let found = block.separators >> UInt64(q - block.start)
                if found != 0 {
                    q += found.trailingZeroBitCount
                    break
                }
                q = block.start + 64
            }
            if q >= end {
                if sourceEOF {
                    appendSpan(start, end, false)
                    return finish(at: end, newlines: newlines)
                }
                return .needMore
            }
            appendSpan(start, q, false)
            let stop = bytes[q]
            if stop == 0x2C {
                p = q + 1
                if p >= end && sourceEOF {
                    appendSpan(p, p, false)
                    return finish(at: p, newlines: newlines)
                }
                continue
            }
            if stop == 0x0A { return finish(at: q + 1, newlines: newlines + 1) }
            // CR: take a following LF with it.
            if q + 1 >= end && !sourceEOF { return .needMore }
            let after = q + 1 < end && bytes[q + 1] == 0x0A ? q + 2 : q + 1
            return finish(at: after, newlines: newlines + 1)
        }
    }

    @inline(__always) func appendSpan(_ start: Int, _ end: Int, _ escaped: Bool) {
        if spanCount == spanCapacity { growSpans() }
        spanStorage[spanCount] = CSVRecord.Span(start: Int32(start), end: Int32(end), escaped: escaped)
        spanCount += 1
    }

    @inline(__always) func finish(at next: Int, newlines: Int) -> Outcome {
        line = nextLine
        nextLine += newlines
        recordStart = position
        recordEnd = next
        bytesParsed += next - position
        position = next
        return .complete
    }

    func countNewlines(from start: Int, to end: Int) -> Int {
        var count = 0
        var i = start
        while i < end {
            if buffer[i] == 0x0A { count += 1 }
            i += 1
        }
        return count
    }

    /// Makes sure at least `count` bytes are buffered unless the input ends first.
    func ensure(_ count: Int) throws { while filled - position < count && !sourceEOF { try refill() } }

    /// Moves the unparsed tail to the front, grows the buffer if one record fills it, and reads more.
    func refill() throws {
        if sourceEOF { return }
        let pending = filled - position
        if position > 0 {
            if pending > 0, let base = buffer.baseAddress { base.copyMemory(from: base + position, byteCount: pending) }
            filled = pending
            discarded += position
            position = 0
        }
        if filled == capacity {
            let bigger = UnsafeMutableRawBufferPointer.allocate(
                byteCount: capacity * 2 + CSVReader.padding,
                alignment: 16
            )
            bigger.initializeMemory(as: UInt8.self, repeating: 0)
            if let to = bigger.baseAddress, let from = buffer.baseAddress {
                to.copyMemory(from: from, byteCount: filled)
            }
            buffer.deallocate()
            buffer = bigger
            bytes = bigger.bindMemory(to: UInt8.self).baseAddress.unsafelyUnwrapped
        }
        let got = try source.read(into: UnsafeMutableRawBufferPointer(rebasing: buffer[filled..<capacity]))
        if got == 0 { sourceEOF = true }
        filled += got
    }
}

/// The fields of one CSV record, as byte ranges in the reader's buffer.
///
/// A plain value with raw pointers, so the per-field hot path needs no class access. Valid only until
/// the reader moves on. A field with doubled quotes is unescaped in place the first time it is read.
public struct CSVRecord {
    /// A field's location in the buffer.
    struct Span {
        var start: Int32
        var end: Int32
        var escaped: Bool
    }

    let base: UnsafeMutablePointer<UInt8>
    let spans: UnsafeMutablePointer<Span>
    /// The number of fields.
    public let count: Int

    /// The bytes of field `index`, quotes removed and doubled quotes undone.
    @inline(__always) public func field(_ index: Int) -> UnsafeRawBufferPointer {
        let span = spans[index]
        if span.escaped { return unescape(index) }
        return UnsafeRawBufferPointer(start: base + Int(span.start), count: Int(span.end - span.start))
    }

    /// The text of fields `first` through `last` as it stands in the file: the opening quote of
    /// `first` and the closing quote of `last` when they are quoted, doubled quotes, and the commas
    /// between the fields. Equal texts hold equal values (the text parses back to the fields), so
    /// a run of fields can be looked up as one value. Valid only while none of the fields has been
    /// read with ``field(_:)``, which unescapes in place.
    @inline(__always) func raw(from first: Int, through last: Int) -> UnsafeRawBufferPointer {
        // A quoted field's content starts after its quote; an unquoted one's after a comma or the
        // line break before the record, or at the buffer's start.
        var start = Int(spans[first].start)
        if start > 0 && base[start - 1] == 0x22 { start -= 1 }
        let lastStart = Int(spans[last].start)
        var end = Int(spans[last].end)
        if lastStart > 0 && base[lastStart - 1] == 0x22 { end += 1 }
        return UnsafeRawBufferPointer(start: base + start, count: end - start)
    }

    func unescape(_ index: Int) -> UnsafeRawBufferPointer {
        let span = spans[index]
        // 64 bytes at a time where the processor has AVX-512 VBMI2 (tags are a tenth of a cost
        // row's bytes, and with a doubled quote every few bytes the word loop below stops at each
        // one: it was 10 % of `inspect --threads 1`); the word loop elsewhere.
        var write = reckon_unescape_quotes(base, Int(span.start), Int(span.end))
        if write < 0 { write = CSVRecord.unescapeWords(base, start: Int(span.start), end: Int(span.end)) }
        spans[index] = Span(start: span.start, end: Int32(write), escaped: false)
        return UnsafeRawBufferPointer(start: base + Int(span.start), count: write - Int(span.start))
    }

    /// Undoes doubled quotes in `base[start..<end]` in place, eight bytes at a time; returns where
    /// the content now ends. Each quote is kept and the byte after it dropped.
    static func unescapeWords(_ base: UnsafeMutablePointer<UInt8>, start: Int, end: Int) -> Int {
        var read = start
        var write = start
        // Eight bytes at a time (tags and additional info are long and full of doubled quotes; a
        // byte at a time this was half of the close's decoding): a word with no quote is copied
        // whole; otherwise the bytes up to its first quote are kept and the quote's double is
        // skipped. `write <= read`, so a store at `write` stays inside this field; a whole word
        // is stored only when no unread byte lies under it (the next read starts at `read + 8`),
        // else only the kept bytes are, merged into what is there.
        while read + 8 <= end {
            // Byte i of the field is bits 8i…8i+7 of the word, on any byte order.
            let word = UInt64(littleEndian: UnsafeRawPointer(base + read).loadUnaligned(as: UInt64.self))
            let target = UnsafeMutableRawPointer(base + write)
            let flipped = word ^ 0x2222_2222_2222_2222
            let quotes = (flipped &- 0x0101_0101_0101_0101) & ~flipped & 0x8080_8080_8080_8080
            if quotes == 0 {
                target.storeBytes(of: word.littleEndian, as: UInt64.self)
                read += 8
                write += 8
            } else {
                // The lowest flag is exact (only bytes above a real match can be flagged falsely).
                let kept = quotes.trailingZeroBitCount / 8 + 1
                let mask: UInt64 = kept == 8 ? ~0 : (1 << UInt64(kept * 8)) &- 1
                let there = UInt64(littleEndian: target.loadUnaligned(as: UInt64.self))
                target.storeBytes(of: ((word & mask) | (there & ~mask)).littleEndian, as: UInt64.self)
                read += kept + 1
                write += kept
            }
        }
        while read < end {
            let byte = base[read]
            base[write] = byte
            write += 1
            read += byte == 0x22 ? 2 : 1
        }
        return write
    }
}

/// The classification of 64 bytes `[start, start + 64)` of the buffer; bits at or past the data's
/// end are clear.
struct ByteBlock {
    var start = Int.min
    var separators: UInt64 = 0
    var quotes: UInt64 = 0
    var lineFeeds: UInt64 = 0

    @inline(__always) mutating func load(_ bytes: UnsafeMutablePointer<UInt8>, at offset: Int, end: Int) {
        var lineEnds: UInt64 = 0
        reckon_classify64(bytes + offset, &separators, &quotes, &lineFeeds, &lineEnds)
        let valid = end - offset
        if valid < 64 {
            let keep: UInt64 = valid <= 0 ? 0 : (1 << UInt64(valid)) &- 1
            separators &= keep
            quotes &= keep
            lineFeeds &= keep
        }
        start = offset
    }
}
