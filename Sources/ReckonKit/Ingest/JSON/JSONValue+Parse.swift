/// Why a document is not valid JSON, with the place of the problem.
public struct JSONParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The line of the problem, from 1. A line ends at LF, CRLF or a lone CR.
    public let line: Int
    /// The column of the problem, from 1, counted in Unicode scalars (a leading byte-order mark is not counted).
    public let column: Int
    /// The byte offset of the problem from the start of the input, from 0.
    public let offset: Int
    /// What is wrong, for a person: "expected ',' or '}' after an object member, found ']'".
    public let message: String

    /// Creates an error.
    public init(line: Int, column: Int, offset: Int, message: String) {
        self.line = line
        self.column = column
        self.offset = offset
        self.message = message
    }

    /// `line 3, column 7: expected ':' after an object key, found '='`.
    public var description: String { "line \(line), column \(column): \(message)" }
}

extension JSONValue {
    /// The deepest nesting of arrays and objects accepted; deeper input is an error, not a crash.
    public static let maximumDepth = 512

    /// Parses a complete JSON document (RFC 8259) from UTF-8 text.
    ///
    /// The parser is strict: no comments, trailing commas, single quotes, `NaN`, leading zeros or
    /// unescaped control characters; strings must be valid UTF-8 and `\u` escapes must pair surrogates.
    /// The only leniency is a leading UTF-8 byte-order mark, which RFC 8259 allows a parser to ignore
    /// (files saved by Windows tools often start with one). Numbers are kept as text, never `Double`.
    ///
    /// - Parameter bytes: the document as UTF-8.
    /// - Returns: the top-level value.
    /// - Throws: ``JSONParseError`` with the line and column of the first problem.
    public static func parse(_ bytes: [UInt8]) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            var parser = JSONParser(bytes: buffer)
            return Result { () throws(JSONParseError) -> JSONValue in try parser.parseDocument() }
        }
        return try result.get()
    }

    /// Parses a complete JSON document from raw UTF-8 bytes, such as a mapped or streamed file
    /// buffer; see ``parse(_:)-([UInt8])``.
    public static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONParseError) -> JSONValue {
        let result: Result<JSONValue, JSONParseError> = bytes.withMemoryRebound(to: UInt8.self) { buffer in
            var parser = JSONParser(bytes: buffer)
            return Result { () throws(JSONParseError) -> JSONValue in try parser.parseDocument() }
        }
        return try result.get()
    }

    /// Parses a complete JSON document from a string; see ``parse(_:)-([UInt8])``.
    public static func parse(_ text: String) throws(JSONParseError) -> JSONValue { try parse(Array(text.utf8)) }
}

/// A one-pass, non-recursive JSON parser over a byte buffer.
///
/// Containers being built are kept on an explicit stack, so deep nesting cannot overflow the call
/// stack; the depth limit only guards memory.
struct JSONParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    /// The kind of a container that is still open.
    private enum Open {
        case array
        case object
    }

    init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { index = 3 }
        skipWhitespace()
        if index >= bytes.count { throw error("the document is empty; expected a JSON value") }
        let value = try parseValue()
        skipWhitespace()
        if index < bytes.count { throw error("unexpected \(describeCurrent()) after the end of the JSON value") }
        return value
    }

    // MARK: - Structure

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        // Open containers, innermost last. Their contents live in separate stacks and are changed in
        // place (`arrays[last].append`), so no element array is ever copied while it grows.
        var open: [Open] = []
        var arrays: [[JSONValue]] = []
        var objects: [JSONObject] = []
        var keys: [String] = []
        while true {
            // Read the start of a value; open containers go on the stacks.
            var value: JSONValue
            skipWhitespace()
            guard index < bytes.count else { throw error("unexpected end of input; expected a JSON value") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                try checkDepth(open.count)
                index += 1
                skipWhitespace()
                if index < bytes.count && bytes[index] == UInt8(ascii: "}") {
                    index += 1
                    value = .object(JSONObject())
                } else {
                    keys.append(try parseKey(afterComma: false))
                    objects.append(JSONObject())
                    open.append(.object)
                    continue
                }
            case UInt8(ascii: "["):
                try checkDepth(open.count)
                index += 1
                skipWhitespace()
                if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                    index += 1
                    value = .array([])
                } else {
                    arrays.append([])
                    open.append(.array)
                    continue
                }
            case UInt8(ascii: "\""): value = .string(try parseString())
            case UInt8(ascii: "t"):
                try parseLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try parseLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try parseLiteral("null")
                value = .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): value = .number(try parseNumber())
            default:
                throw error(
                    "expected a JSON value (an object, array, string, number, true, false or null), found \(describeCurrent())"
                )
            }

            // A value is complete: add it to the innermost open container, closing containers as
            // they end, until one needs another value or none is open.
            while true {
                guard let innermost = open.last else { return value }
                skipWhitespace()
                switch innermost {
                case .array:
                    arrays[arrays.count - 1].append(value)
                    if consume(UInt8(ascii: ",")) {
                        skipWhitespace()
                        if index < bytes.count && bytes[index] == UInt8(ascii: "]") {
                            throw error("a trailing ',' is not allowed before ']'")
                        }
                    } else if consume(UInt8(ascii: "]")) {
                        open.removeLast()
                        value = .array(arrays.removeLast())
                        continue
                    } else {
                        throw error("expected ',' or ']' after an array element, found \(describeCurrent())")
                    }
                case .object:
                    objects[objects.count - 1].set(value, forKey: keys.removeLast())
                    if consume(UInt8(ascii: ",")) {
                        keys.append(try parseKey(afterComma: true))
                    } else if consume(UInt8(ascii: "}")) {
                        open.removeLast()
                        value = .object(objects.removeLast())
                        continue
                    } else {
                        throw error("expected ',' or '}' after an object member, found \(describeCurrent())")
                    }
                }
                break
            }
        }
    }

    /// Reads `"key"` and the `:` after it.
    private mutating func parseKey(afterComma: Bool) throws(JSONParseError) -> String {
        skipWhitespace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
            if afterComma && index < bytes.count && bytes[index] == UInt8(ascii: "}") {
                throw error("a trailing ',' is not allowed before '}'")
            }
            let expectation = afterComma ? "expected a string key after ','" : "expected a string key or '}'"
            throw error("\(expectation), found \(describeCurrent())")
        }
        let key = try parseString()
        skipWhitespace()
        guard consume(UInt8(ascii: ":")) else {
            throw error("expected ':' after an object key, found \(describeCurrent())")
        }
        return key
    }

    /// Fails when opening one more container would exceed ``JSONValue/maximumDepth``.
    private func checkDepth(_ openContainers: Int) throws(JSONParseError) {
        if openContainers >= JSONValue.maximumDepth {
            throw error("arrays and objects are nested more than \(JSONValue.maximumDepth) levels deep")
        }
    }

    // MARK: - Scalars

    private mutating func parseLiteral(_ word: StaticString) throws(JSONParseError) {
        let start = index
        let expected = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for byte in expected {
            guard index < bytes.count, bytes[index] == byte else {
                index = start
                throw error("expected '\(word)', found \(describeWord())")
            }
            index += 1
        }
    }

    /// Reads a number and returns its text; the grammar is RFC 8259 section 6.
    private mutating func parseNumber() throws(JSONParseError) -> String {
        let start = index
        _ = consume(UInt8(ascii: "-"))
        guard index < bytes.count, isDigit(bytes[index]) else {
            throw error("expected a digit after '-', found \(describeCurrent())")
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count && isDigit(bytes[index]) {
                throw error("a number cannot have a leading zero (\(describeWord(from: start)))")
            }
        } else {
            skipDigits()
        }
        if consume(UInt8(ascii: ".")) {
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error("expected a digit after the decimal point, found \(describeCurrent())")
            }
            skipDigits()
        }
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if !consume(UInt8(ascii: "+")) { _ = consume(UInt8(ascii: "-")) }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw error("expected a digit in the exponent, found \(describeCurrent())")
            }
            skipDigits()
        }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// Reads a string starting at its opening quote and returns its content with escapes resolved.
    private mutating func parseString() throws(JSONParseError) -> String {
        let open = index
        index += 1
        let contentStart = index
        // Fast path: no escapes.
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let text = try decodeUTF8(contentStart..<index, validatedRange: contentStart..<index)
                index += 1
                return text
            }
            if byte == UInt8(ascii: "\\") { break }
            if byte < 0x20 { throw controlCharacterError(byte) }
            index += 1
        }
        guard index < bytes.count else {
            index = open
            throw error("unterminated string: no closing '\"' before the end of input")
        }
        // Slow path: copy the content, resolving escapes.
        var content = Array(UnsafeBufferPointer(rebasing: bytes[contentStart..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let validatedRange = contentStart..<index
                index += 1
                return try decodeUTF8Bytes(content, rawRange: validatedRange)
            }
            if byte < 0x20 { throw controlCharacterError(byte) }
            if byte != UInt8(ascii: "\\") {
                content.append(byte)
                index += 1
                continue
            }
            let escapeStart = index
            index += 1
            guard index < bytes.count else { break }
            switch bytes[index] {
            case UInt8(ascii: "\""): content.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): content.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "/"): content.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): content.append(0x08)
            case UInt8(ascii: "f"): content.append(0x0C)
            case UInt8(ascii: "n"): content.append(0x0A)
            case UInt8(ascii: "r"): content.append(0x0D)
            case UInt8(ascii: "t"): content.append(0x09)
            case UInt8(ascii: "u"):
                index += 1
                let scalar = try parseUnicodeEscape(escapeStart: escapeStart)
                UTF8.encode(scalar) { content.append($0) }
                continue
            default:
                index = escapeStart
                throw error(
                    "invalid escape \(describeWord()) in a string; expected one of \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX"
                )
            }
            index += 1
        }
        index = open
        throw error("unterminated string: no closing '\"' before the end of input")
    }

    /// Reads the four hex digits after `\u` (and a second `\uXXXX` for a surrogate pair).
    private mutating func parseUnicodeEscape(escapeStart: Int) throws(JSONParseError) -> Unicode.Scalar {
        let first = try parseHex4(escapeStart: escapeStart)
        if first >= 0xDC00 && first <= 0xDFFF {
            index = escapeStart
            throw error("unpaired low surrogate \(describeEscape(first)); it must follow a high surrogate escape")
        }
        if first >= 0xD800 && first <= 0xDBFF {
            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
            else {
                index = escapeStart
                throw error(
                    "high surrogate \(describeEscape(first)) must be followed by a low surrogate escape (\\uDC00 to \\uDFFF)"
                )
            }
            let secondStart = index
            index += 2
            let second = try parseHex4(escapeStart: secondStart)
            guard second >= 0xDC00 && second <= 0xDFFF else {
                index = escapeStart
                throw error(
                    "high surrogate \(describeEscape(first)) is followed by \(describeEscape(second)), not by a low surrogate (\\uDC00 to \\uDFFF)"
                )
            }
            let value = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            // A valid pair always gives a scalar in U+10000...U+10FFFF.
            return Unicode.Scalar(value) ?? "\u{FFFD}"
        }
        return Unicode.Scalar(first) ?? "\u{FFFD}"
    }

    private mutating func parseHex4(escapeStart: Int) throws(JSONParseError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard index < bytes.count, let digit = hexValue(bytes[index]) else {
                let found = describeCurrent()
                index = escapeStart
                throw error("expected four hexadecimal digits after \\u, found \(found)")
            }
            value = value << 4 | digit
            index += 1
        }
        return value
    }

    // MARK: - UTF-8

    /// Decodes raw bytes of the input as UTF-8, or reports the first invalid byte.
    private func decodeUTF8(_ range: Range<Int>, validatedRange: Range<Int>) throws(JSONParseError) -> String {
        let slice = UnsafeBufferPointer(rebasing: bytes[range])
        if let text = String(validating: slice, as: UTF8.self) { return text }
        throw invalidUTF8Error(in: validatedRange)
    }

    /// Decodes unescaped content; on failure, locates the invalid byte in the raw input. Escapes are
    /// ASCII and only produce valid UTF-8, so the raw range is invalid exactly when the content is.
    private func decodeUTF8Bytes(_ content: [UInt8], rawRange: Range<Int>) throws(JSONParseError) -> String {
        if let text = String(validating: content, as: UTF8.self) { return text }
        throw invalidUTF8Error(in: rawRange)
    }

    private func invalidUTF8Error(in range: Range<Int>) -> JSONParseError {
        let offset = JSONParser.firstInvalidUTF8Offset(in: bytes, range: range) ?? range.lowerBound
        return error("invalid UTF-8 (byte 0x\(hexByte(bytes[offset]))) in a string", at: offset)
    }

    /// The offset of the first byte in `range` that does not start or continue a well-formed UTF-8
    /// sequence (no overlong forms, no surrogates, nothing above U+10FFFF).
    static func firstInvalidUTF8Offset(in bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>) -> Int? {
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0:
                length = 3
                low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED:
                length = 3
                high = 0x9F
            case 0xF0:
                length = 4
                low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4:
                length = 4
                high = 0x8F
            default: return index
            }
            // A truncated or malformed sequence is reported at its lead byte.
            for position in 1..<length {
                let at = index + position
                guard at < end else { return index }
                let byte = bytes[at]
                let (min, max) = position == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
                guard byte >= min && byte <= max else { return index }
            }
            index += length
        }
        return nil
    }

    // MARK: - Helpers

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private mutating func skipDigits() { while index < bytes.count && isDigit(bytes[index]) { index += 1 } }

    private mutating func consume(_ byte: UInt8) -> Bool {
        guard index < bytes.count, bytes[index] == byte else { return false }
        index += 1
        return true
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    private func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case 0x30...0x39: return UInt32(byte - 0x30)
        case 0x41...0x46: return UInt32(byte - 0x41 + 10)
        case 0x61...0x66: return UInt32(byte - 0x61 + 10)
        default: return nil
        }
    }

    private func hexByte(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    private func describeEscape(_ unit: UInt32) -> String {
        let hex = String(unit, radix: 16, uppercase: true)
        return "\\u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private func controlCharacterError(_ byte: UInt8) -> JSONParseError {
        error(
            "control character U+00\(hexByte(byte)) must be escaped in a string (for example as \\n or \\u00\(hexByte(byte)))"
        )
    }

    /// Describes the character at the current position: `'x'`, `end of input`, `a line break`.
    private func describeCurrent() -> String {
        guard index < bytes.count else { return "end of input" }
        let byte = bytes[index]
        switch byte {
        case 0x0A, 0x0D: return "a line break"
        case 0x09: return "a tab"
        case 0x20...0x7E: return "'\(Character(Unicode.Scalar(byte)))'"
        case 0x80...:
            let end = Swift.min(bytes.count, index + 4)
            for length in stride(from: end - index, through: 2, by: -1) {
                let slice = UnsafeBufferPointer(rebasing: bytes[index..<(index + length)])
                if let text = String(validating: slice, as: UTF8.self), text.unicodeScalars.count == 1 {
                    return "'\(text)'"
                }
            }
            return "byte 0x\(hexByte(byte))"
        default: return "control character U+00\(hexByte(byte))"
        }
    }

    /// Describes the word at `start`: up to 20 letters, digits and `.+-\`, quoted.
    private func describeWord(from start: Int? = nil) -> String {
        let from = start ?? index
        guard from < bytes.count else { return "end of input" }
        var end = from
        while end < bytes.count && end - from < 20 {
            let byte = bytes[end]
            let isWordByte =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "_")
            if !isWordByte { break }
            end += 1
        }
        if end == from { return describeCurrent() }
        return "'" + String(decoding: UnsafeBufferPointer(rebasing: bytes[from..<end]), as: UTF8.self) + "'"
    }

    private func error(_ message: String, at offset: Int? = nil) -> JSONParseError {
        let position = Swift.min(offset ?? index, bytes.count)
        let (line, column) = JSONParser.lineAndColumn(of: position, in: bytes)
        return JSONParseError(line: line, column: column, offset: position, message: message)
    }

    /// The 1-based line and column (in Unicode scalars) of a byte offset.
    static func lineAndColumn(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var position = 0
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF && offset >= 3 { position = 3 }
        while position < offset {
            let byte = bytes[position]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte == 0x0D {
                // CRLF counts once, at its LF; a lone CR ends a line by itself.
                if position + 1 < bytes.count && bytes[position + 1] == 0x0A {
                    // The LF that follows ends the line.
                } else {
                    line += 1
                    column = 1
                }
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            position += 1
        }
        return (line, column)
    }
}
