import Foundation
import Testing

@testable import ReckonKit

/// What a department head checks first on a statement: the "what drove the direct cost" tables add
/// up to the direct cost in each currency, and the month-over-month chart still shows a currency
/// whose cost stopped this month.
@Suite struct StatementDriverTests {
    static func line(_ resourceGroup: String, _ currency: String, _ cents: Int) -> AllocationLine {
        AllocationTest.line(resourceGroup, currency, cents)
    }

    /// Ten USD resource groups of 1.00 … 10.00 (55.00 in all) and two GBP ones of 500.00 and 0.50:
    /// USD lists its eight largest (10.00 … 3.00 = 52.00) and one row "other (2 more)" of
    /// 2.00 + 1.00 = 3.00; GBP lists both. Each currency's rows add up to its direct cost and its
    /// shares to 100 %. The top eight were once taken over both currencies together (ranking
    /// 500.00 GBP against USD amounts) and the rest dropped, so the USD rows summed to 51.00 of 55.00.
    @Test func eachCurrencyListsItsLargestAndSumsTheRestSoTheRowsAddUp() throws {
        var lines = (1...10).map { Self.line("rg-usd-\($0)", "USD", $0 * 100) }
        lines += [Self.line("rg-gbp-big", "GBP", 50_000), Self.line("rg-gbp-small", "GBP", 50)]
        let table = try #require(
            StatementPages.driver("Resource groups", "Resource group", lines.shuffled(), ReportFormat()) {
                $0.resourceGroup
            }
        )
        let rows = try #require(table["rows"] as? [[String: Any]])
        func cells(_ currency: String) -> [[String]] {
            rows.filter { $0["currency"] as? String == currency }
                .map { [$0["label"] as? String ?? "", $0["value"] as? String ?? "", $0["share"] as? String ?? ""] }
        }
        let usd = cells("USD")
        #expect(usd.count == 9)
        #expect(usd.prefix(8).map(\.[0]) == (3...10).reversed().map { "rg-usd-\($0)" })
        // 2.00 + 1.00 = 3.00 of 55.00 = 5.5 %
        #expect(usd.last == ["other (2 more)", "3.00", "5.5 %"])
        let usdSum = try usd.reduce(Amount.zero) { $0 + (try Amount.parse($1[1])) }
        #expect(usdSum == Amount(55))
        #expect(cells("GBP").map(\.[0]) == ["rg-gbp-big", "rg-gbp-small"])
        let bars = try #require(table["bars"] as? [[String: Any]])
        #expect(bars.count == rows.count)
        #expect(table["height"] as? String == String(rows.count * 20 + 8))
    }

    /// Cost without the field is named by its charge type: unused reservations have no resource
    /// group, and "(none)" alone was a row nobody could place.
    @Test func costWithoutTheFieldIsNamedByItsChargeType() throws {
        var unused = Self.line("", "USD", 263)
        unused.chargeType = "UnusedReservation"
        var bare = Self.line("", "USD", 1)
        bare.chargeType = ""
        let table = try #require(
            StatementPages.driver(
                "Resource groups",
                "Resource group",
                [Self.line("rg-a", "USD", 500), unused, bare],
                ReportFormat()
            ) { $0.resourceGroup }
        )
        let rows = try #require(table["rows"] as? [[String: Any]])
        #expect(rows.map { $0["label"] as? String ?? "" } == ["rg-a", "(none: UnusedReservation)", "(none)"])
    }

    /// Eight or fewer per currency: no "other" row, as before.
    @Test func noOtherRowWhenEverythingIsListed() throws {
        let lines = (1...8).map { Self.line("rg-\($0)", "USD", $0) } + [Self.line("rg-gbp", "GBP", 1)]
        let table = try #require(
            StatementPages.driver("Resource groups", "Resource group", lines, ReportFormat()) { $0.resourceGroup }
        )
        let rows = try #require(table["rows"] as? [[String: Any]])
        #expect(rows.count == 9)
        #expect(!rows.contains { ($0["label"] as? String ?? "").hasPrefix("other") })
    }

    /// An earlier pack charged CC-1032 241.43 GBP; this month it has no GBP cost (only USD). Its
    /// statement still charts GBP: 2026-09 241.43, 2026-10 0.00, instead of leaving the currency out
    /// (which hid that the cost stopped).
    @Test func aCurrencyChargedEarlierButNotThisMonthIsStillCharted() throws {
        let root = try Fixtures.temporaryFolder()
        let earlier = root + "/packs/2026-09"
        try FileManager.default.createDirectory(atPath: earlier, withIntermediateDirectories: true)
        try Data("{}\n".utf8).write(to: URL(fileURLWithPath: earlier + "/manifest.json"))
        try Data(
            "period,cost_center,currency,total\r\n2026-09,CC-1032,GBP,241.43\r\n2026-09,CC-1032,USD,130.70\r\n".utf8
        )
        .write(to: URL(fileURLWithPath: earlier + "/chargeback.csv"))
        let month = Fixtures.path("contoso-2026-10")
        _ = try ClosePipeline.run(
            CloseOptions(
                month: month,
                output: root + "/packs/2026-10",
                config: try ReckonConfig.load(path: month + "/reckon.yaml"),
                configPath: month + "/reckon.yaml",
                ingest: IngestOptions()
            )
        )
        let html = String(decoding: try FileSystem.read(root + "/packs/2026-10/statements/CC-1032.html"), as: UTF8.self)
        // USD: this month's 264.00 (allocation-expected.md) after September's 130.70.
        #expect(html.contains("<h3>USD</h3>"))
        #expect(html.contains(">2026-09</text><text x=\"40\" y=\"172\">130.70<"))
        #expect(html.contains(">2026-10</text><text x=\"130\" y=\"172\">264.00<"))
        let gbp = try #require(html.range(of: "<h3>GBP</h3>"))
        let chart = html[gbp.upperBound...]
        #expect(chart.contains(">2026-09</text><text x=\"40\" y=\"172\">241.43<"))
        #expect(chart.contains(">2026-10</text><text x=\"130\" y=\"172\">0.00<"))
        // Each chart says the change from the month before: 264.00 − 130.70 = +133.30, +102.0 % of
        // 130.70; 0.00 − 241.43 = −241.43, −100.0 %.
        #expect(html.contains("<p class=\"muted\">2026-10 against 2026-09: +133.30 USD (+102.0 %)</p>"))
        #expect(chart.contains("<p class=\"muted\">2026-10 against 2026-09: -241.43 GBP (-100.0 %)</p>"))
        // A 300-character resource group or tag value wraps inside its cell instead of pushing the
        // amount and share columns off the page (headers still break only between words).
        #expect(html.contains("td { overflow-wrap: anywhere; }"))
    }
}
