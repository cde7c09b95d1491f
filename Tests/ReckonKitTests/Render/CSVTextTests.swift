import Testing

@testable import ReckonKit

@Suite struct CSVTextTests {
    @Test(arguments: [
        ("plain", "plain"), ("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\""), ("+1", "'+1"),
        ("-cmd", "'-cmd"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "\"'\rx\""), ("a,b", "\"a,b\""),
        ("line\nbreak", "\"line\nbreak\""),
        // NUL and ESC (and the other C0 controls but tab, LF and CR) are replaced, as in XML.
        ("a\u{0}b\u{1B}[31mred", "a\u{FFFD}b\u{FFFD}[31mred"), ("\u{0}=1", "\u{FFFD}=1"),
        ("A\u{9B}2J\u{7F}z", "A\u{FFFD}2J\u{FFFD}z"),
        // A bidirectional override would show the name reversed in a spreadsheet.
        ("contoso-\u{202E}ved-ytilibavresbo", "contoso-\u{FFFD}ved-ytilibavresbo"), ("−12 → x", "−12 → x"),
    ]) func textCellsAreQuotedAndNeutralised(text: String, expected: String) { #expect(CSVText.text(text) == expected) }

    @Test func numberCellsStayNumbers() {
        #expect(CSVText.number("-12.5") == "-12.5")
        #expect(CSVText.line([CSVText.text("-x"), CSVText.number("-1")]) == "'-x,-1\r\n")
    }
}
