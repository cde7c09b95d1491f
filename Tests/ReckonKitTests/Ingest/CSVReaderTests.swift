import CSIMD
import Foundation
import Testing

@testable import ReckonKit

/// Reads all records of `text` with reads of at most `chunk` bytes and a tiny starting buffer, so
/// records constantly straddle buffer edges. Blank lines come back as `[]`, as Python's csv does.
func readAll(_ text: String, chunk: Int = .max, bufferSize: Int = 16) throws -> [[String]] {
    let reader = CSVReader(source: MemoryByteSource(text, chunk: chunk), bufferSize: bufferSize)
    var rows: [[String]] = []
    while try reader.next() { rows.append(reader.isBlankLine ? [] : (0..<reader.fieldCount).map { reader.string($0) }) }
    return rows
}

@Suite struct CSVReaderTests {
    /// Inputs and the records Python's `csv.reader` returns for them (the BOM stripped first, as
    /// `encoding='utf-8-sig'` does).
    static let cases: [(String, [[String]])] = [
        ("a,b,c\n1,2,3\n", [["a", "b", "c"], ["1", "2", "3"]]), ("a,b\r\n1,2\r\n", [["a", "b"], ["1", "2"]]),
        ("\u{FEFF}a,b\n1,2", [["a", "b"], ["1", "2"]]),
        ("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n", [["a", "b"], ["x, y", "say \"hi\""]]),
        ("a,b\n\"line1\nline2\",z\n", [["a", "b"], ["line1\nline2", "z"]]), ("a,b\n,\n", [["a", "b"], ["", ""]]),
        ("a\n\n\nb\n", [["a"], [], [], ["b"]]), ("a,b,\n1,,\n", [["a", "b", ""], ["1", "", ""]]),
        (
            "\"\"\"CostCenter\"\": \"\"1234\"\",\"\"env\"\": \"\"prod\"\"\",x\n",
            [["\"CostCenter\": \"1234\",\"env\": \"prod\"", "x"]]
        ), ("a,b\n\"q\"\r\n", [["a", "b"], ["q"]]), ("x,\"\",y\n", [["x", "", "y"]]),
        ("a,b\"c,d\n", [["a", "b\"c", "d"]]),
        ("Müller,–,\"Contoso Holdings, Inc.\"\n", [["Müller", "–", "Contoso Holdings, Inc."]]),
    ]

    @Test(arguments: 0..<cases.count, [1, 2, 3, 5, 7, 64, Int.max]) func matchesPythonsCSVModule(index: Int, chunk: Int)
        throws
    {
        let (input, expected) = CSVReaderTests.cases[index]
        #expect(try readAll(input, chunk: chunk) == expected)
    }

    @Test func reportsTheLineWhereEachRecordStarts() throws {
        let reader = CSVReader(source: MemoryByteSource("h1,h2\n\"a\nb\nc\",1\nx,2\r\ny,3"))
        var lines: [Int] = []
        while try reader.next() { lines.append(reader.line) }
        #expect(lines == [1, 2, 5, 6])
    }

    @Test func anUnterminatedQuoteEndsTheInputWithAnError() throws {
        let reader = CSVReader(source: MemoryByteSource("a,b\n1,\"open\n2,3\n"), bufferSize: 16)
        #expect(try reader.next())
        #expect(throws: CSVSyntaxError.unterminatedQuote(bytesLeft: 12)) { try reader.next() }
        #expect(reader.line == 2)
        #expect(try reader.next() == false)
    }

    @Test func textAfterAClosingQuoteRejectsOnlyThatRecord() throws {
        let reader = CSVReader(source: MemoryByteSource("a,b\n\"x\"y,1\nc,d\n"))
        #expect(try reader.next())
        #expect(throws: CSVSyntaxError.textAfterClosingQuote(field: 1, byte: UInt8(ascii: "y"))) { try reader.next() }
        #expect(reader.line == 2)
        #expect(try reader.next())
        #expect(reader.string(0) == "c")
        #expect(reader.line == 3)
    }

    @Test func aQuoteNeverClosedStopsAtTheRecordLimitInsteadOfBufferingTheFile() throws {
        let text = "a,b\n1,\"open\n" + String(repeating: "x,y\n", count: 100)
        let reader = CSVReader(source: MemoryByteSource(text, chunk: 16), bufferSize: 16, maxRecordBytes: 64)
        #expect(try reader.next())
        #expect(throws: CSVSyntaxError.recordTooLong(limit: 64)) { try reader.next() }
        #expect(reader.line == 2)
        #expect(reader.rawRecord().hasPrefix("1,\"open\nx,y"))
        #expect(reader.offset == text.utf8.count)
        #expect(try reader.next() == false)
    }

    /// Reading a field unescapes it in place; the record's raw text (for a reject file) must still
    /// be the file's, whichever fields were read.
    @Test(arguments: 0..<cases.count) func rawRecordIsTheFilesTextAfterFieldsWereRead(index: Int) throws {
        let input = CSVReaderTests.cases[index].0
        let text = input.hasPrefix("\u{FEFF}") ? String(input.dropFirst()) : input
        // By scalars: "\r\n" is one Character, so a split on Characters would not see its "\n".
        var expected = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
            .map { line -> String in
                var scalars = String.UnicodeScalarView(line)
                if scalars.last == "\r" { scalars.removeLast() }
                return String(scalars)
            }
        if expected.last == "" { expected.removeLast() }
        // Records with a quoted line break span lines: join them back.
        let reader = CSVReader(source: MemoryByteSource(input, chunk: 5), bufferSize: 16)
        var raws: [String] = []
        while try reader.next() {
            for field in stride(from: reader.fieldCount - 1, through: 0, by: -2) { _ = reader.string(field) }
            raws.append(reader.rawRecord())
        }
        #expect(raws.joined(separator: "\n") == expected.joined(separator: "\n"))
    }

    @Test func rawRecordAfterReadingAFieldWithDoubledQuotes() throws {
        let reader = CSVReader(source: MemoryByteSource("a,\"say \"\"hi\"\"\",\"x\"\"\"\"y\",z\r\n"))
        #expect(try reader.next())
        #expect(reader.string(1) == "say \"hi\"")
        #expect(reader.rawRecord() == "a,\"say \"\"hi\"\"\",\"x\"\"\"\"y\",z")
        #expect(reader.string(2) == "x\"\"y")
        #expect(reader.rawRecord() == "a,\"say \"\"hi\"\"\",\"x\"\"\"\"y\",z")
    }

    /// A second method: random records written by a plain RFC 4180 writer (quote when needed,
    /// double inner quotes) must read back field for field at every buffer size.
    @Test(arguments: [1, 3, 8, 13, 4096]) func readsBackWhatARFC4180WriterWrote(chunk: Int) throws {
        var generator = SplitMix(seed: UInt64(chunk))
        let alphabet: [String] = ["a", "Z", "0", ",", "\"", "\n", "\r\n", " ", "é", "{", "}", ":", "-", "="]
        var records: [[String]] = []
        for _ in 0..<300 {
            let width = 1 + Int(generator.next() % 6)
            records.append(
                (0..<width)
                    .map { _ in
                        let length = Int(generator.next() % 9)
                        return (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
                            .joined()
                    }
            )
        }
        var text = ""
        for record in records {
            // A record of one empty field is a blank line; write it quoted so it stays a record.
            text +=
                record.map { field in
                    let needsQuotes =
                        field.isEmpty && record.count == 1
                        || field.unicodeScalars.contains(where: { ",\"\n\r".unicodeScalars.contains($0) })
                    return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
                }
                .joined(separator: ",")
            text += generator.next() % 2 == 0 ? "\n" : "\r\n"
        }
        let read = try readAll(text, chunk: chunk)
        #expect(read.count == records.count)
        for (index, pair) in zip(read, records).enumerated() where pair.0 != pair.1 {
            Issue.record("record \(index): read \(pair.0), wrote \(pair.1)")
            break
        }
    }
}

/// What a reader makes of every record of a text: fields, line and blank-line flag, or the error.
func transcript(_ text: String, chunk: Int, bufferSize: Int, byteByByteOnly: Bool) -> [String] {
    let reader = CSVReader(
        source: MemoryByteSource(text, chunk: chunk),
        bufferSize: bufferSize,
        byteByByteOnly: byteByByteOnly
    )
    var lines: [String] = []
    while true {
        do {
            guard try reader.next() else { break }
            let fields = (0..<reader.fieldCount).map { reader.string($0) }
            lines.append("\(reader.line) \(reader.isBlankLine) \(fields) \(reader.offset)")
        } catch { lines.append("\(reader.line) error \(error) \(reader.offset)") }
    }
    return lines
}

@Suite struct CSVBlockWalkTests {
    /// Whether the block walk reads `text` exactly as the byte-by-byte parser does; records the
    /// difference as an issue when not.
    static func readsAsByteByByte(_ text: String, chunk: Int = .max, bufferSize: Int, round: Int) -> Bool {
        let fast = transcript(text, chunk: chunk, bufferSize: bufferSize, byteByByteOnly: false)
        let slow = transcript(text, chunk: chunk, bufferSize: bufferSize, byteByByteOnly: true)
        if fast != slow { Issue.record("round \(round): \(text.debugDescription)\nblocks: \(fast)\nbytes:  \(slow)") }
        return fast == slow
    }

    /// A second method for the block walk: byte soup rich in quotes, commas, CR and LF, including
    /// every kind of malformed record, must read exactly as the byte-by-byte parser reads it.
    @Test(arguments: [(1, 16), (7, 16), (64, 64), (100, 1000), (Int.max, 1 << 20)])
    func readsEveryInputAsTheByteByByteParserDoes(chunk: Int, bufferSize: Int) {
        var generator = SplitMix(seed: UInt64(chunk % 1000 + bufferSize))
        let alphabet: [String] = ["a", "b", ",", ",", "\"", "\"", "\"\"", "\n", "\r\n", "\r", "é", " "]
        for round in 0..<600 {
            let length = Int(generator.next() % 700)
            let text = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
            if !CSVBlockWalkTests.readsAsByteByByte(text, chunk: chunk, bufferSize: bufferSize, round: round) { return }
        }
    }

    /// Well-formed records with long quoted fields that cross 64-byte blocks, doubled quotes on
    /// block edges and line breaks inside quotes.
    @Test(arguments: [16, 4096]) func readsLongQuotedFieldsAcrossBlocks(bufferSize: Int) {
        var generator = SplitMix(seed: 99)
        for round in 0..<300 {
            var text = ""
            for _ in 0..<(1 + Int(generator.next() % 5)) {
                let fields = (0..<(1 + Int(generator.next() % 8)))
                    .map { _ -> String in
                        let length = Int(generator.next() % 140)
                        let body = (0..<length).map { _ in ["x", "\"\"", ",", "\n", "y"][Int(generator.next() % 5)] }
                            .joined()
                        return generator.next() % 2 == 0 ? "\"" + body + "\"" : String(repeating: "z", count: length)
                    }
                text += fields.joined(separator: ",") + (generator.next() % 2 == 0 ? "\n" : "\r\n")
            }
            if !CSVBlockWalkTests.readsAsByteByByte(text, bufferSize: bufferSize, round: round) { return }
        }
    }
}

extension CSVBlockWalkTests {
    /// Rows shaped like cost details: dozens of short unquoted fields (so most 64-byte blocks hold
    /// only commas, the walk's quickest case), now and then a quoted field with doubled quotes, a
    /// line break or long runs of commas, an empty field, a stray quote, CR LF endings, and a last
    /// row with no line end.
    @Test(arguments: [16, 100, 4096, 1 << 20]) func readsPlainRowsWithOccasionalQuotes(bufferSize: Int) {
        var generator = SplitMix(seed: UInt64(bufferSize))
        for round in 0..<300 {
            var text = ""
            for row in 0..<(1 + Int(generator.next() % 6)) {
                let fields = (0..<(1 + Int(generator.next() % 70)))
                    .map { _ -> String in
                        let plain = String(repeating: "k", count: Int(generator.next() % 20))
                        switch generator.next() % 40 {
                        case 0: return "\"{\"\"team\"\": \"\"a,b\"\"}\""
                        case 1: return "\"two\nlines\""
                        case 2: return ""
                        case 3: return plain + "\"" + plain  // a stray quote: kept as text
                        // Quoted, with whole blocks of commas and no quote inside: not separators.
                        case 4: return "\"" + String(repeating: "k,", count: Int(generator.next() % 150)) + "\""
                        default: return plain
                        }
                    }
                text += fields.joined(separator: ",")
                if row < 5 || generator.next() % 2 == 0 { text += generator.next() % 3 == 0 ? "\r\n" : "\n" }
            }
            if !CSVBlockWalkTests.readsAsByteByByte(text, bufferSize: bufferSize, round: round) { return }
        }
    }
}

extension CSVReaderTests {
    /// Long quoted fields full of doubled quotes (tags, additional info) are unescaped eight bytes
    /// at a time; a second method, Swift's own replacement of `""` by `"` on what an RFC 4180 writer
    /// wrote, must give the same text for every length from 0 to 200 and quotes at every offset.
    @Test(arguments: [16, 4096]) func unescapesLongFieldsWithDoubledQuotes(bufferSize: Int) throws {
        var generator = SplitMix(seed: UInt64(bufferSize) + 5)
        let alphabet: [String] = ["a", "b", "\"", "\"", "{", ":", " ", ",", "é", "\n"]
        var expected: [[String]] = []
        var text = ""
        for length in 0...200 {
            for _ in 0..<3 {
                let value = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }.joined()
                expected.append([value, "x"])
                text += "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\",x\n"
            }
        }
        let read = try readAll(text, bufferSize: bufferSize)
        #expect(read.count == expected.count)
        for (index, pair) in zip(read, expected).enumerated() where pair.0 != pair.1 {
            Issue.record("record \(index): read \(pair.0), wrote \(pair.1)")
            break
        }
        // The tags of a cost row, as Azure writes them.
        let tags = #"{""CostCenter"": ""CC-1014"", ""env"": ""prod"", ""owner"": ""team-checkout@contoso.com""}"#
        #expect(try readAll("\"" + tags + "\",1\n") == [[tags.replacingOccurrences(of: "\"\"", with: "\""), "1"]])
    }
}

extension CSVReaderTests {
    /// The two unescaping paths, the AVX-512 one (where this processor has it) and the word loop,
    /// against a byte-by-byte reference (keep a quote, drop the byte after it), on any bytes:
    /// quote runs of odd length, a quote as the last byte, pairs across 64-byte blocks, and the
    /// content at odd offsets; the bytes around the content must stay as they were.
    @Test func bothUnescapingPathsAgreeWithTheByteRule() {
        var generator = SplitMix(seed: 2026)
        let alphabet: [UInt8] = [0x22, 0x22, 0x22, 0x61, 0x7B, 0x2C, 0xC3, 0xA9]
        var vectorRan = false
        for length in 0...300 {
            for _ in 0..<4 {
                let content = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
                var expected: [UInt8] = []
                var index = 0
                while index < content.count {
                    expected.append(content[index])
                    index += content[index] == 0x22 ? 2 : 1
                }
                let prefix = Int(generator.next() % 7)
                let original = [UInt8](repeating: 0x7E, count: prefix) + content + [0x5A, 0x5A]
                for vector in [true, false] {
                    var bytes = original
                    let end = bytes.withUnsafeMutableBufferPointer { buffer -> Int in
                        let base = buffer.baseAddress!
                        if vector { return reckon_unescape_quotes(base, prefix, prefix + length) }
                        return CSVRecord.unescapeWords(base, start: prefix, end: prefix + length)
                    }
                    if vector && end < 0 { continue }
                    vectorRan = vectorRan || vector
                    #expect(Array(bytes[prefix..<end]) == expected, "length \(length), vector \(vector)")
                    #expect(bytes[..<prefix].allSatisfy { $0 == 0x7E })
                    #expect(Array(bytes[(prefix + length)...]) == [0x5A, 0x5A])
                }
            }
        }
        // Say which paths ran, so a run on a processor without AVX-512 is visible in the log.
        print("unescaping: AVX-512 path \(vectorRan ? "tested" : "not available here"), word loop tested")
    }
}

extension CSVReaderTests {
    /// The two classifications of 64 bytes, AVX-512 BW (where this processor has it) and SSE2,
    /// against a byte-by-byte reference, on random blocks of the bytes that matter and others.
    @Test func bothClassificationsAgreeWithTheBytes() {
        var generator = SplitMix(seed: 64)
        let alphabet: [UInt8] = [0x2C, 0x22, 0x0A, 0x0D, 0x61, 0x20, 0xE9, 0x00]
        let avx512 = reckon_avx512bw_available() != 0
        for _ in 0..<2000 {
            let block = (0..<64).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            var expected = (separators: UInt64(0), quotes: UInt64(0), lineFeeds: UInt64(0), lineEnds: UInt64(0))
            for (index, byte) in block.enumerated() {
                let bit = UInt64(1) << UInt64(index)
                if byte == 0x2C || byte == 0x0A || byte == 0x0D { expected.separators |= bit }
                if byte == 0x22 { expected.quotes |= bit }
                if byte == 0x0A { expected.lineFeeds |= bit }
                if byte == 0x0A || byte == 0x0D { expected.lineEnds |= bit }
            }
            for wide in avx512 ? [true, false] : [false] {
                var got = (separators: UInt64(0), quotes: UInt64(0), lineFeeds: UInt64(0), lineEnds: UInt64(0))
                block.withUnsafeBufferPointer { buffer in
                    let p = buffer.baseAddress!
                    if wide {
                        reckon_classify64_avx512(p, &got.separators, &got.quotes, &got.lineFeeds, &got.lineEnds)
                    } else {
                        reckon_classify64_sse2(p, &got.separators, &got.quotes, &got.lineFeeds, &got.lineEnds)
                    }
                }
                #expect(got == expected, "AVX-512 \(wide)")
            }
        }
    }
}

/// A small deterministic generator for tests (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
