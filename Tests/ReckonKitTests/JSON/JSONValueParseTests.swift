import Testing

@testable import ReckonKit

@Suite struct JSONValueParseTests {
    // MARK: Values

    @Test func parsesNestedDocumentInOrder() throws {
        let value = try JSONValue.parse(#"{"b": [1, true, null, "x"], "a": {"c": -0.5}}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a"])
        #expect(value["b"] == .array([.number("1"), .bool(true), .null, .string("x")]))
        #expect(value["a"]?["c"] == .number("-0.5"))
        #expect(value["b"]?[3]?.stringValue == "x")
        #expect(value["b"]?[4] == nil)
        #expect(value["missing"] == nil)
    }

    @Test(arguments: [
        ("null", JSONValue.null), ("true", .bool(true)), (" false ", .bool(false)), ("\"text\"", .string("text")),
        ("12", .number("12")), ("[]", .array([])), ("{}", .object(JSONObject())), ("\n\t\r [ ] \n", .array([])),
    ]) func parsesTopLevelValues(text: String, expected: JSONValue) throws {
        #expect(try JSONValue.parse(text) == expected)
    }

    /// Numbers keep their exact text; `Amount.parse` then reads them without binary noise.
    @Test(arguments: [
        "33.99", "1e-7", "1E+2", "-0", "0", "-21.000000000000000", "0.0000000072922557592391990000", "3396469.19",
        "5.64902E-05", "100000000000000000000",
    ]) func keepsNumbersExactly(text: String) throws {
        let value = try JSONValue.parse("[\(text)]")
        #expect(value[0] == .number(text))
    }

    @Test func numberTextBecomesExactAmount() throws {
        let value = try JSONValue.parse(#"{"value": 33.99, "tiny": 1e-7}"#)
        let text = try #require(value["value"]?.numberText)
        #expect(try Amount.parse(text) == Amount(minorUnits: 3399, scale: 2))
        let tiny = try #require(value["tiny"]?.numberText)
        #expect(try Amount.parse(tiny) == Amount(minorUnits: 1, scale: 7))
    }

    @Test(arguments: [
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{08}\u{0C}\n\r\t"), (#""\u00e9\u00E9""#, "éé"),
        (#""caf\u00e9 \u20AC""#, "café €"), (#""\uD83D\uDE00""#, "😀"), (#""\ud83d\ude00!""#, "😀!"),
        (#""a\u0000b""#, "a\u{0}b"), ("\"raw é 😀 漢\"", "raw é 😀 漢"), (#""""#, ""),
    ]) func resolvesStringEscapes(json: String, expected: String) throws {
        #expect(try JSONValue.parse(json) == .string(expected))
    }

    @Test func escapedKeysAreResolved() throws {
        let value = try JSONValue.parse(#"{"a\"b": 1, "\u0041": 2}"#)
        #expect(value["a\"b"] == .number("1"))
        #expect(value["A"] == .number("2"))
    }

    @Test func parsesRawBuffers() throws {
        let bytes = Array(#"{"value": [33.99]}"#.utf8)
        let value = try bytes.withUnsafeBytes { buffer in try JSONValue.parse(buffer) }
        #expect(value["value"]?[0] == .number("33.99"))
    }

    @Test func acceptsLeadingByteOrderMark() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(#"{"a": 1}"#.utf8)
        #expect(try JSONValue.parse(bytes)["a"] == .number("1"))
    }

    @Test func parsesDeepNestingUpToTheLimit() throws {
        let depth = JSONValue.maximumDepth
        let text = String(repeating: "[", count: depth) + "7" + String(repeating: "]", count: depth)
        var value = try JSONValue.parse(text)
        for _ in 0..<depth { value = try #require(value[0]) }
        #expect(value == .number("7"))

        let objects = String(repeating: #"{"k":"#, count: depth) + "null" + String(repeating: "}", count: depth)
        #expect(try JSONValue.parse(objects).objectValue?.keys == ["k"])
    }

    @Test func rejectsNestingBeyondTheLimit() {
        let depth = JSONValue.maximumDepth + 1
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect { try JSONValue.parse(text) } throws: { error in
            let parseError = error as? JSONParseError
            return parseError?.line == 1 && parseError?.column == depth
                && parseError?.message == "arrays and objects are nested more than 512 levels deep"
        }
    }

    // MARK: Objects

    @Test func duplicateKeysLastValueWinsAtFirstPosition() throws {
        let value = try JSONValue.parse(#"{"a": 1, "b": 2, "a": 3}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == .number("3"))
        #expect(object.count == 2)
    }

    @Test func caseInsensitiveLookupPrefersExactMatch() throws {
        let value = try JSONValue.parse(#"{"NextLink": "upper", "nextlink": "lower", "nextLink": "exact"}"#)
        #expect(value.value(forKeyIgnoringCase: "nextLink") == .string("exact"))
        #expect(value["NEXTLINK"] == nil)
        #expect(value.value(forKeyIgnoringCase: "next") == nil)
        // Without an exact match, the last key that matches without case wins, like duplicate keys.
        let twoCasings = try JSONValue.parse(#"{"NextLink": "upper", "nextlink": "lower"}"#)
        #expect(twoCasings.value(forKeyIgnoringCase: "NEXTLINK") == .string("lower"))
        #expect(twoCasings.value(forKeyIgnoringCase: "NextLink") == .string("upper"))
    }

    @Test func objectEqualityFollowsMemberOrder() {
        let ab = JSONObject([("a", .null), ("b", .null)])
        let ba = JSONObject([("b", .null), ("a", .null)])
        #expect(ab != ba)
        #expect(ab == JSONObject([("a", .null), ("b", .null)]))
    }

    // MARK: Text

    @Test(arguments: [
        #"{"b":[1,true,null,"x"],"a":{"c":-0.5e-3}}"#, #"["quote \" backslash \\ newline \n tab \t bell \u0007","😀"]"#,
        #"{}"#, #"[[],{},""]"#,
    ]) func descriptionRoundTrips(text: String) throws {
        let value = try JSONValue.parse(text)
        #expect(value.description == text)
        #expect(try JSONValue.parse(value.description) == value)
    }

    // MARK: Errors

    /// Every error the parser reports, with its line and column.
    @Test(arguments: [
        ("", 1, 1, "the document is empty; expected a JSON value"),
        ("   ", 1, 4, "the document is empty; expected a JSON value"),
        (#"{"a": 1,}"#, 1, 9, "a trailing ',' is not allowed before '}'"),
        ("[1, 2,]", 1, 7, "a trailing ',' is not allowed before ']'"),
        (#"{"a" 1}"#, 1, 6, "expected ':' after an object key, found '1'"),
        (#"{"a": 1 "b": 2}"#, 1, 9, #"expected ',' or '}' after an object member, found '"'"#),
        (#"{"a": 1]"#, 1, 8, "expected ',' or '}' after an object member, found ']'"),
        ("[1 2]", 1, 4, "expected ',' or ']' after an array element, found '2'"),
        ("[1", 1, 3, "expected ',' or ']' after an array element, found end of input"),
        ("{", 1, 2, "expected a string key or '}', found end of input"),
        ("{'a': 1}", 1, 2, "expected a string key or '}', found '''"),
        (#"{"a": 1, 2}"#, 1, 10, "expected a string key after ',', found '2'"),
        ("[", 1, 2, "unexpected end of input; expected a JSON value"),
        ("{\n  \"a\": tru\n}", 2, 8, "expected 'true', found 'tru'"), ("[nul]", 1, 2, "expected 'null', found 'nul'"),
        ("[False]", 1, 2, "expected a JSON value (an object, array, string, number, true, false or null), found 'F'"),
        ("[NaN]", 1, 2, "expected a JSON value (an object, array, string, number, true, false or null), found 'N'"),
        (
            "// comment\n1", 1, 1,
            "expected a JSON value (an object, array, string, number, true, false or null), found '/'"
        ), ("[01]", 1, 3, "a number cannot have a leading zero ('01')"),
        ("[-]", 1, 3, "expected a digit after '-', found ']'"),
        ("[+1]", 1, 2, "expected a JSON value (an object, array, string, number, true, false or null), found '+'"),
        ("[.5]", 1, 2, "expected a JSON value (an object, array, string, number, true, false or null), found '.'"),
        ("[1.]", 1, 4, "expected a digit after the decimal point, found ']'"),
        ("[1e]", 1, 4, "expected a digit in the exponent, found ']'"),
        ("[1e+]", 1, 5, "expected a digit in the exponent, found ']'"),
        (#"["a\qb"]"#, 1, 4, #"invalid escape '\qb' in a string; expected one of \" \\ \/ \b \f \n \r \t \uXXXX"#),
        (#"["\u12G4"]"#, 1, 3, "expected four hexadecimal digits after \\u, found 'G'"),
        (
            #"["\uD83D"]"#, 1, 3,
            "high surrogate \\uD83D must be followed by a low surrogate escape (\\uDC00 to \\uDFFF)"
        ),
        (
            #"["\uD83D\u0041"]"#, 1, 3,
            "high surrogate \\uD83D is followed by \\u0041, not by a low surrogate (\\uDC00 to \\uDFFF)"
        ), (#"["\uDE00"]"#, 1, 3, "unpaired low surrogate \\uDE00; it must follow a high surrogate escape"),
        ("\"abc", 1, 1, "unterminated string: no closing '\"' before the end of input"),
        ("[\"a\\\"", 1, 2, "unterminated string: no closing '\"' before the end of input"),
        ("[\"a\tb\"]", 1, 4, "control character U+0009 must be escaped in a string (for example as \\n or \\u0009)"),
        ("[\"a\nb\"]", 1, 4, "control character U+000A must be escaped in a string (for example as \\n or \\u000A)"),
        ("[1] x", 1, 5, "unexpected 'x' after the end of the JSON value"),
        (#"{"a":1}}"#, 1, 8, "unexpected '}' after the end of the JSON value"),
        ("{\r\n\"a\":1,\r\n}", 3, 1, "a trailing ',' is not allowed before '}'"),
        ("[1,\r2,\r]", 3, 1, "a trailing ',' is not allowed before ']'"),
        (
            "[\"é😀\", x]", 1, 8,
            "expected a JSON value (an object, array, string, number, true, false or null), found 'x'"
        ), ("[1, é]", 1, 5, "expected a JSON value (an object, array, string, number, true, false or null), found 'é'"),
    ]) func reportsErrorsWithLineAndColumn(text: String, line: Int, column: Int, message: String) {
        #expect { try JSONValue.parse(text) } throws: { error in
            guard let parseError = error as? JSONParseError else { return false }
            #expect(parseError.message == message)
            #expect(parseError.line == line)
            #expect(parseError.column == column)
            return true
        }
    }

    @Test(
        arguments: [
            ([0x5B, 0x22, 0x61, 0xFF, 0x62, 0x22, 0x5D], 4, "invalid UTF-8 (byte 0xFF) in a string"),
            ([0x5B, 0x22, 0xC3, 0x22, 0x5D], 3, "invalid UTF-8 (byte 0xC3) in a string"),
            // An encoded surrogate (ED A0 80) is not valid UTF-8.
            ([0x22, 0x5C, 0x6E, 0xED, 0xA0, 0x80, 0x22], 4, "invalid UTF-8 (byte 0xED) in a string"),
            // Overlong encoding of '/'.
            ([0x22, 0xC0, 0xAF, 0x22], 2, "invalid UTF-8 (byte 0xC0) in a string"),
        ] as [([UInt8], Int, String)]
    ) func rejectsInvalidUTF8(bytes: [UInt8], column: Int, message: String) {
        #expect { try JSONValue.parse(bytes) } throws: { error in
            guard let parseError = error as? JSONParseError else { return false }
            #expect(parseError.message == message)
            #expect(parseError.line == 1)
            #expect(parseError.column == column)
            return true
        }
    }

    @Test func errorDescriptionNamesLineAndColumn() {
        let error = JSONParseError(
            line: 3,
            column: 7,
            offset: 40,
            message: "expected ':' after an object key, found '='"
        )
        #expect(error.description == "line 3, column 7: expected ':' after an object key, found '='")
    }
}
