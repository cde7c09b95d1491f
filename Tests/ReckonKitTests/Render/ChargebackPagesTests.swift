import Foundation
import Testing

@testable import ReckonKit

/// The chargeback as department heads read it: statements and the index table, on the bundled month.
///
/// Every expected figure is worked out by hand from `fixtures/contoso-2026-10/allocation-expected.md`
/// (its "Expected charge per cost center" table and pool splits), in the comments beside it.
@Suite struct ChargebackPagesTests {
    static let pack: Result<String, any Error> = Result { try closeMonth(Fixtures.path("contoso-2026-10")).pack }

    static func page(_ file: String) throws -> String {
        String(decoding: try FileSystem.read(try pack.get() + "/" + file), as: UTF8.self)
    }

    /// The index's chargeback sentence uses the table's own terms and figures: its "direct" is the
    /// table's Σ direct (3,988.45 USD, the bill), not the cost never moved by a pool (3,827.62, which
    /// it once called "allocated directly"), and its terms add up to the total:
    /// 3,988.45 + 3,494.18 − 994.17 = 6,488.46; 1,217.76 + 78.05 − 78.05 = 1,217.76.
    @Test func theIndexSummaryUsesTheTablesSums() throws {
        let html = try Self.page("index.html")
        #expect(
            html.contains(
                "<p>GBP 1,217.76 = direct 1,217.76 + shared received 78.05 − shared given 78.05, of which unallocated 0.00 (0.0 %). "
                    + "USD 6,488.46 = direct 3,988.45 + shared received 3,494.18 − shared given 994.17, of which unallocated 0.00 (0.0 %). "
            )
        )
        #expect(
            html.contains(
                #"<tr class="total"><td colspan="2">Total USD</td><td>USD</td><td class="num">3,988.45</td><td class="num">3,494.18</td><td class="num">994.17</td><td class="num">6,488.46</td>"#
            )
        )
        #expect(!html.contains("3,827.62") && !html.contains("allocated directly"))
    }

    /// A parent's statement shows its own total, its subtree total with the cost centers below it
    /// listed, and the budget measured against the subtree total, labelled so.
    @Test(arguments: [
        // platform: own 833.33 (support-contract); below CC-1038 648.55 + CC-1041 765.42 + CC-1044 1,292.51;
        // subtree 833.33 + 2,706.48 = 3,539.81; budget 2,500: 3,539.81 ÷ 2,500 = 141.59 % → 141.6 %.
        (
            "platform", "USD", "833.33", "3,539.81", "2,706.48",
            [("CC-1038", "648.55"), ("CC-1041", "765.42"), ("CC-1044", "1,292.51")], "2,500.00", "141.6 %"
        ),
        // uk: own 0.00; below CC-1029 440.49 + CC-1056 69.23 + CC-1062 12.36 + CC-1065 506.60 = 1,028.68;
        // budget 1,500: 1,028.68 ÷ 1,500 = 68.58 % → 68.6 %.
        (
            "uk", "GBP", "0.00", "1,028.68", "1,028.68",
            [("CC-1029", "440.49"), ("CC-1056", "69.23"), ("CC-1062", "12.36"), ("CC-1065", "506.60")], "1,500.00",
            "68.6 %"
        ),
    ]) func aParentShowsItsOwnAndSubtreeTotalsAndTheBudgetBasis(
        id: String,
        currency: String,
        own: String,
        subtree: String,
        below: String,
        children: [(String, String)],
        budget: String,
        used: String
    ) throws {
        let html = try Self.page("statements/\(id).html")
        let cards = HTMLText.cards(html)
        #expect(
            cards.contains(["Own total \(currency)", own, "direct 0.00 + shared received \(own) − shared given 0.00"])
        )
        #expect(
            cards.contains([
                "Subtree total \(currency)", subtree,
                "own total \(own) + \(children.count) cost center(s) below \(below)",
            ])
        )
        // Over budget, the card says by how much (subtree − budget); within it, nothing more.
        let over =
            (try Amount.parse(subtree.replacing(",", with: ""))) - (try Amount.parse(budget.replacing(",", with: "")))
        let overText = over > .zero ? ["over budget by " + over.grouped(2)] : []
        #expect(
            cards.contains(["Budget \(currency)", used, "subtree total \(subtree) of budget \(budget)"] + overText)
        )
        // The table lists this cost center's own charges, then every cost center below, and sums to the subtree total.
        let rows = HTMLText.rows(html).filter { ($0.count == 5 && $0[3] == currency) || $0.first == "Subtree total" }
        #expect(
            rows.map { [$0[0], $0[$0.count - 1]] } == [[id, own]] + children.map { [$0.0, $0.1] } + [
                ["Subtree total", subtree]
            ]
        )
        #expect(!HTMLText.text(html).contains("own usage"))
    }

    /// A leaf's budget is measured against its total, and says so.
    @Test func aLeafBudgetIsMeasuredAgainstItsTotal() throws {
        // CC-1038: 555.83 direct + 92.72 from shared-log-analytics = 648.55; 648.55 ÷ 900 = 72.06 % → 72.1 %.
        let cards = HTMLText.cards(try Self.page("statements/CC-1038.html"))
        #expect(
            cards == [
                ["Total USD", "648.55", "direct 555.83 + shared received 92.72 − shared given 0.00"],
                ["Budget USD", "72.1 %", "total 648.55 of budget 900.00"],
            ]
        )
    }

    /// CC-1065 gave 30 / 20 / 25 % of its 104.07 GBP of Log Analytics to three others and kept 25 %:
    /// its statement lists whom it gave to, with the total given, and says what it kept instead of
    /// showing 26.02 as received from itself.
    @Test func aStatementShowsWhatWasGivenToWhomAndWhatWasKept() throws {
        let html = try Self.page("statements/CC-1065.html")
        let text = HTMLText.text(html)
        #expect(
            HTMLText.cards(html).first == [
                "Total GBP", "506.60", "direct 584.65 + shared received 0.00 − shared given 78.05",
            ]
        )
        let given = HTMLText.rows(html).filter { $0.count == 7 && $0[1] == "uk-customer-support-logs" }
        #expect(
            given.map { [$0[2], $0[6]] } == [
                ["CC-1029 UK ML Research", "20.81"], ["CC-1056 UK Logistics", "31.22"],
                ["CC-1050 HR Systems", "26.02"],
            ]
        )
        // 20.81 + 31.22 + 26.02 = 78.05
        #expect(HTMLText.rows(html, startingWith: "Shared given") == [["Shared given", "GBP", "78.05"]])
        #expect(text.contains("None: no pool moved cost into this cost center."))
        #expect(
            text.contains(
                "104.07 GBP of this cost center's cost: 78.05 went to the other cost centers above, and 26.02 stayed here"
            )
        )
        #expect(!text.contains("CC-1065 UK Customer Support percent"))
        // The receivers see where it came from, with their received total.
        let received = try Self.page("statements/CC-1050.html")
        #expect(
            HTMLText.rows(received)
                .contains { $0.count == 7 && $0[2] == "CC-1065 UK Customer Support" && $0[6] == "26.02" }
        )
        // CC-1050 received 555.56 USD by tickets and 26.02 GBP of UK logs.
        #expect(
            HTMLText.rows(received, startingWith: "Shared received") == [
                ["Shared received", "GBP", "26.02"], ["Shared received", "USD", "555.56"],
            ]
        )
    }

    /// The index table: separate received and given columns, a currency column, rows grouped by
    /// currency, and a total row per currency that ties to the month's cost.
    @Test func theIndexGroupsByCurrencyWithTotalsThatTieToTheBill() throws {
        let html = try Self.page("index.html")
        let rows = HTMLText.rows(html).filter { $0.count == 10 }
        let header = [
            "Cost center", "Owner", "Currency", "Direct", "Shared received", "Shared given", "Total", "Subtree total",
            "Budget", "Budget used",
        ]
        #expect(rows.filter { $0 == header }.count == 2)
        let data = rows.filter { $0 != header }
        // GBP first, then USD; every row of a group in its currency.
        let currencies = data.map { $0[2] }
        #expect(currencies == currencies.sorted())
        func row(_ path: String, _ currency: String) -> [String]? { data.first { $0[0] == path && $0[2] == currency } }
        #expect(
            row("contoso/uk/CC-1065", "GBP") == [
                "contoso/uk/CC-1065", "li.wei@contoso.com", "GBP", "584.65", "0.00", "78.05", "506.60", "506.60",
                "800.00", "63.3 %",
            ]
        )
        // IT-SHARED: 160.83 direct, 79.37 by tickets in, 160.83 Log Analytics out.
        #expect(row("contoso/us/corporate/IT-SHARED", "USD")?[3...6] == ["160.83", "79.37", "160.83", "79.37"])
        // Over budget: 3,539.81 − 2,500.00 = 1,039.81, said in the cell.
        #expect(
            row("contoso/us/platform", "USD")?[6...9] == ["833.33", "3,539.81", "2,500.00", "141.6 % over by 1,039.81"]
        )
        // Corporate IT passes the support contract on: 833.34 in, 833.34 out.
        #expect(row("contoso/us/corporate", "USD")?[3...7] == ["0.00", "833.34", "833.34", "0.00", "842.50"])
        // Totals: GBP direct 419.68 + 38.01 + 12.36 + 584.65 + 163.06 = 1,217.76 = the bill; received
        // 20.81 + 31.22 + 26.02 = 78.05 = given. USD direct = the bill 3,988.45; received − given =
        // 3,494.18 − 994.17 = 2,500.01, the support contract; total 6,488.46.
        let totals = HTMLText.rows(html).filter { $0.first?.hasPrefix("Total ") == true && $0.count == 9 }
        #expect(
            totals == [
                ["Total GBP", "GBP", "1,217.76", "78.05", "78.05", "1,217.76", "", "", ""],
                ["Total USD", "USD", "3,988.45", "3,494.18", "994.17", "6,488.46", "", "", ""],
            ]
        )
        let text = HTMLText.text(html)
        #expect(
            text.contains(
                "Total USD 6,488.46 = Σ direct 3,988.45, the month's cost in the cost export rounded to the minor unit (exact 3988.454838709677419384) + Σ received − Σ given 2,500.01, the off-bill amounts"
            )
        )
        // The rows of each currency add up to its total row.
        for (code, total) in [("GBP", "1,217.76"), ("USD", "6,488.46")] {
            let sum = data.filter { $0[2] == code }
                .reduce(Amount.zero) { $0 + ((try? Amount.parse($1[6].replacing(",", with: ""))) ?? .zero) }
            #expect(sum == (try Amount.parse(total.replacing(",", with: ""))), "\(code)")
        }
    }
}
