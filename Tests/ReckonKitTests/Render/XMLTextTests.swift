import Testing

@testable import ReckonKit

@Suite struct XMLTextTests {
    @Test(arguments: [
        ("plain", "plain"), ("tab\tlf\ncr\r", "tab\tlf\ncr\r"), ("\u{0}\u{1B}", "\u{FFFD}\u{FFFD}"),
        ("a\u{1F}b\u{7F}c", "a\u{FFFD}b\u{7F}c"), ("x\u{FFFE}y\u{FFFF}z\u{FFFD}", "x\u{FFFD}y\u{FFFD}z\u{FFFD}"),
        ("<script>&\"'</script>", "<script>&\"'</script>"), ("💶 日本語 \u{EFBF}", "💶 日本語 \u{EFBF}"), ("", ""),
        // The bidirectional overrides and isolates, which would show a name reversed; other
        // characters led by 0xE2 (a minus sign, an arrow, an ellipsis) stay.
        ("contoso-\u{202E}ved-ytilibavresbo", "contoso-\u{FFFD}ved-ytilibavresbo"),
        ("\u{202A}\u{202B}\u{202C}\u{202D}\u{2066}\u{2067}\u{2068}\u{2069}", String(repeating: "\u{FFFD}", count: 8)),
        ("− → … \u{2029}\u{206A}", "− → … \u{2029}\u{206A}"),
    ]) func replacesWhatXMLForbidsAndBidiControls(text: String, expected: String) {
        #expect(XMLText.sanitize(text) == expected)
        #expect(XMLText.isAllowed(XMLText.sanitize(text)))
    }

    @Test func allowsExactlyTheXML10Characters() {
        let forbidden = (0..<0x20).filter { ![0x09, 0x0A, 0x0D].contains($0) } + [0xFFFE, 0xFFFF]
        for value in forbidden {
            let scalar = Unicode.Scalar(UInt32(value)).map { String(Character($0)) } ?? ""
            #expect(!XMLText.isAllowed(scalar), "U+\(String(value, radix: 16))")
        }
        for value in [0x09, 0x0A, 0x0D, 0x20, 0x7F, 0x85, 0xD7FF, 0xE000, 0xFFFD, 0x10000, 0x10FFFF] {
            let scalar = Unicode.Scalar(UInt32(value)).map { String(Character($0)) } ?? ""
            #expect(XMLText.isAllowed(scalar), "U+\(String(value, radix: 16))")
        }
    }
}
