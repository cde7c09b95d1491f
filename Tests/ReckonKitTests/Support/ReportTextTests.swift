import Foundation
import Testing

@testable import ReckonKit

/// A value with a line break never starts a line of its own in a terminal report.
@Suite struct ReportTextTests {
    @Test(arguments: [
        ("plain", "value plain.\n"), ("Fake\nG1 invoice G1: matched", "value Fake\\nG1 invoice G1: matched.\n"),
        ("a\r\nb\rc", "value a\\r\\nb\\rc.\n"),
    ]) func aValueStaysOnItsLine(value: String, expected: String) {
        var report = ReportText()
        report += "value \(value).\n"
        #expect(report.text == expected)
    }

    /// Literal line breaks and lines the report lays out itself are kept.
    @Test func theReportsOwnLinesAreKept() {
        var report = ReportText()
        report += "one\ntwo\n"
        report += "\(lines: "a  b\nc  d\n")"
        #expect(report.text == "one\ntwo\na  b\nc  d\n")
    }

    /// Tag keys with a line break (`\n` in the tags' JSON), in the collision line of `inspect`:
    /// the second half of a key is not a line of the report.
    @Test func inspectKeepsATagKeyWithALineBreakOnItsLine() throws {
        let path = try Fixtures.temporaryFolder() + "/tags-actual.csv"
        let rows =
            "invoiceId,date,billingCurrency,costInBillingCurrency,tags\n"
            + "G1,10/01/2026,USD,1,\"{\"\"team\\nwarning: all good\"\":\"\"x\"\"}\"\n"
            + "G1,10/01/2026,USD,1,\"{\"\"Team\\nwarning: all good\"\":\"\"y\"\"}\"\n"
        try Data(rows.utf8).write(to: URL(fileURLWithPath: path))
        let text = try Inspector.inspect(path: path, reject: { _ in }).text()
        #expect(
            text.contains(#"collision tag keys "Team\nwarning: all good", "team\nwarning: all good" match as one key"#),
            "\(text)"
        )
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("warning: all good") })
    }
}
