import Foundation
import Testing

@testable import ReckonKit

/// The reconciliation as accountants and auditors read it, on the bundled month: one exception
/// count on every page and on the console, and bridges that add up as displayed.
///
/// Expected figures come from `fixtures/contoso-2026-10/README.md` ("Planted differences" and the
/// per-invoice table), worked out in the comments beside them.
@Suite struct ReconciliationPagesTests {
    static let close: Result<(pack: String, result: CloseResult), any Error> = Result {
        try closeMonth(Fixtures.path("contoso-2026-10"))
    }

    static func page(_ file: String) throws -> String {
        String(decoding: try FileSystem.read(try close.get().pack + "/" + file), as: UTF8.self)
    }

    /// G118264930 (USD): header rules tax_equals_line_tax and total_follows_from_parts (planted 6),
    /// invoice lines D4s v5 (planted 1) and DDoS Protection Plan (planted 3): 4 lines and rules; the
    /// roll-ups above those lines are the invoice, section Digital Products, its product order Azure
    /// plan and service families Compute and Networking: 5; 9 in all. G118264941 (GBP): lines D2 v3
    /// (planted 2) and Hot LRS Data Stored (planted 4): 2; invoice, section UK Shared Services,
    /// product order, service families Compute and Storage: 5; 7 in all. The month: 6 + 10 = 16.
    @Test func oneExceptionCountWithItsBreakdownOnEveryPageAndTheConsole() throws {
        let result = try Self.close.get().result
        let console = ReconciliationSummary(result.reconcile).text()
        #expect(
            console.contains(
                "→ over_invoiced; 9 line(s) outside tolerance (4 invoice line(s) or header rule(s) + 5 roll-up total(s))\n"
            )
        )
        #expect(
            console.contains(
                "→ under_invoiced; 7 line(s) outside tolerance (2 invoice line(s) or header rule(s) + 5 roll-up total(s))\n"
            )
        )
        #expect(
            console.contains(
                "\n16 line(s) outside tolerance (6 invoice line(s) or header rule(s) + 10 roll-up total(s)):\n"
            )
        )

        let index = try Self.page("index.html")
        #expect(
            HTMLText.cards(index).first == [
                "Outside tolerance", "6",
                "invoice lines and header rules; 16 lines at every level with 10 roll-up totals (audit.html)",
            ]
        )
        let invoices = HTMLText.rows(index).filter { $0.first?.hasPrefix("G1182649") == true && $0.count == 9 }
        #expect(invoices.map { [$0[0], $0[7], $0[8]] } == [["G118264930", "4", "9"], ["G118264941", "2", "7"]])
        #expect(
            HTMLText.rows(index)
                .contains {
                    $0.count == 9 && $0[7] == "Lines and header rules outside tolerance"
                        && $0[8] == "All levels outside tolerance"
                }
        )

        let audit = try Self.page("audit.html")
        let text = HTMLText.text(audit)
        #expect(text.contains("Lines outside tolerance, at every level (16)"))
        #expect(text.contains("6 invoice line(s) and header rule(s) (the figure on the index) + 10 roll-up total(s)"))
        // The audit table lists all 16: 6 at meter or header level, 10 above.
        let listed = HTMLText.rows(audit).filter { $0.count == 10 && $0[0].hasPrefix("G1182649") }
        #expect(listed.count == 16)
        #expect(listed.filter { $0[1] == "meter" || $0[1] == "header" }.count == 6)
    }

    /// The bridges on reconciliation.html add up as displayed, each subtotal from the lines above it
    /// (fixtures/contoso-2026-10/README.md: computed 4,059.72, subTotal 7,007.98, prepayment 5,000.00,
    /// taxAmount 621.95, totalAmount 2,629.92 = 7,007.98 − 5,000.00 + 621.94, so the stated total is
    /// 0.01 below its parts; GBP: 1,217.76, 822.78, free credit 150.00, tax 164.56, total 837.34).
    @Test func theBridgesAddUpAsDisplayed() throws {
        let html = try Self.page("reconciliation.html")
        let tables = HTMLText.matches(#"<h3>From charges to amount due</h3>\s*<table>(.*?)</table>"#, in: html)
        #expect(tables.count == 2)
        let expected: [[(String, String)]] = [
            [
                ("Charges computed from the cost rows", "4,059.72"), ("Difference: invoiced − computed", "2,948.26"),
                ("Charges invoiced (subtotal before tax)", "7,007.98"), ("Azure prepayment applied", "-5,000.00"),
                ("Credits", "0.00"), ("Free Azure credit", "0.00"), ("Tax", "621.95"),
                ("The invoice's total differs from its parts", "-0.01"), ("Total", "2,629.92"),
                ("Amount due now", "2,629.92"),
            ],
            [
                ("Charges computed from the cost rows", "1,217.76"), ("Difference: invoiced − computed", "-394.98"),
                ("Charges invoiced (subtotal before tax)", "822.78"), ("Azure prepayment applied", "0.00"),
                ("Credits", "0.00"), ("Free Azure credit", "-150.00"), ("Tax", "164.56"), ("Total", "837.34"),
                ("Amount due now", "837.34"),
            ],
        ]
        for (table, rows) in zip(tables, expected) {
            let shown = HTMLText.rows(table)
            #expect(shown.map { [$0[0], $0[1]] } == rows.map { [$0.0, $0.1] })
            // A second method: re-add the displayed figures; every total row is the sum of the lines since the last one.
            let totals = HTMLText.matches(#"<tr class="total"><td>(.*?)</td>"#, in: table)
            #expect(totals == ["Charges invoiced (subtotal before tax)", "Total", "Amount due now"])
            var running = Amount.zero
            for row in shown {
                let value = try Amount.parse(row[1].replacing(",", with: ""))
                if totals.contains(row[0]) {
                    #expect(value == running, "\(row[0])")
                    running = value
                } else {
                    running += value
                }
            }
        }
        // The tiles compare like with like: pre-tax charges invoiced against pre-tax charges computed.
        let cards = HTMLText.cards(try Self.page("index.html"))
        #expect(
            cards.contains([
                "Invoice G118264930", "USD 7,007.98",
                "charges invoiced before tax, against 4,059.72 computed from the cost rows; invoice total 2,629.92 after prepayment, credits and tax",
            ])
        )
        #expect(
            cards.contains([
                "Invoice G118264941", "GBP 822.78",
                "charges invoiced before tax, against 1,217.76 computed from the cost rows; invoice total 837.34 after prepayment, credits and tax",
            ])
        )
    }
}

extension ReconciliationPagesTests {
    /// Each level's table on reconciliation.html ends with its total over all its lines, shown or
    /// not, and every level adds up to the invoice line (fixture README: G118264930 invoiced
    /// 7,007.98 against 4,059.72 computed from 779 rows; G118264941 822.78 against 1,217.76 from
    /// 397 rows): four levels an invoice.
    @Test func everyLevelTotalsToItsInvoice() throws {
        let totals = HTMLText.rows(try Self.page("reconciliation.html"))
            .filter { $0.first?.hasPrefix("Total") == true && $0.count == 8 }
        #expect(
            totals.map { Array($0[1...3]) + [$0[7]] } == Array(
                repeating: ["7,007.98", "4,059.72", "2,948.26", "779"],
                count: 4
            ) + Array(repeating: ["822.78", "1,217.76", "-394.98", "397"], count: 4)
        )
        #expect(totals.filter { $0[0].hasPrefix("Total of all") }.count >= 2)
    }
}

extension ReconciliationPagesTests {
    /// index.html bridges the invoices' cost (actual) to the chargeback's (amortized) by kind of
    /// charge; every figure is recomputed here by Python's csv and decimal from the two exports
    /// (rows without a cost-allocation rule, Σ costInBillingCurrency by chargeType).
    @Test func theIndexBridgesActualToAmortizedCostByKindOfCharge() throws {
        let container = Fixtures.path("contoso-2026-10/costdetails")
        let expected = try Python.run(
            """
            import csv, sys
            from decimal import Decimal, ROUND_HALF_UP
            kinds = [('Usage', ['Usage']), ('Unused reservations and savings plans', ['UnusedReservation', 'UnusedSavingsPlan']),
                     ('Purchases', ['Purchase']), ('Refunds', ['Refund']), ('Rounding and adjustments', ['RoundingAdjustment', 'Adjustment'])]
            def sums(path):
                out = {}
                for r in csv.DictReader(open(path, newline='', encoding='utf-8-sig')):
                    if r['costAllocationRuleName']: continue
                    key = (r['billingCurrency'], r['chargeType'])
                    out[key] = out.get(key, Decimal(0)) + Decimal(r['costInBillingCurrency'])
                return out
            actual, amortized = sums(sys.argv[1]), sums(sys.argv[2])
            def r(d): return d.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP) + 0  # no '-0.00'
            def money(d): return '{:,.2f}'.format(d + 0)
            # Each amount rounded on its own, each difference of the rounded figures, the totals
            # rounded once, and a rounding line when the rounded rows do not add up to them.
            for currency in sorted({c for c, _ in actual} | {c for c, _ in amortized}):
                sa = sb = Decimal(0)
                for label, types in kinds:
                    a = sum((actual.get((currency, t), Decimal(0)) for t in types), Decimal(0))
                    b = sum((amortized.get((currency, t), Decimal(0)) for t in types), Decimal(0))
                    if a or b:
                        print('|'.join([label, money(r(a)), money(r(b)), money(r(b) - r(a))]))
                        sa += r(a); sb += r(b)
                ta = r(sum((v for (c, _), v in actual.items() if c == currency), Decimal(0)))
                tb = r(sum((v for (c, _), v in amortized.items() if c == currency), Decimal(0)))
                if ta != sa or tb != sb:
                    print('|'.join(['Rounding to the minor unit', money(ta - sa), money(tb - sb), money((tb - sb) - (ta - sa))]))
                print('|'.join(['Total ' + currency, money(ta), money(tb), money(tb - ta)]))
            """,
            [
                container
                    + "/contoso-mca-actual/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv",
                container
                    + "/contoso-mca-amortized/20261001-20261031/2aae868b-dfe7-4097-846f-304a36e426c2/part_0_0001.csv",
            ]
        )
        let index = try Self.page("index.html")
        let start = try #require(index.range(of: "From the invoices' cost to the chargeback"))
        let end = try #require(index.range(of: "<h2>Inputs</h2>"))
        let rows = HTMLText.rows(String(index[start.upperBound..<end.lowerBound]))
            .filter { $0.count == 4 && !$0[0].hasSuffix("kind of charge") }
        #expect(rows.map { $0.joined(separator: "|") } == expected.split(separator: "\n").map(String.init))
        #expect(rows.contains { $0 == ["Total USD", "4,059.72", "3,988.45", "-71.27"] })
        // Every column adds up as displayed, in each currency.
        func amount(_ text: String) throws -> Amount { try Amount.parse(text.replacing(",", with: "")) }
        var first = 0
        for (index, row) in rows.enumerated() where row[0].hasPrefix("Total ") {
            for column in 1...3 {
                let sum = try rows[first..<index].reduce(Amount.zero) { $0 + (try amount($1[column])) }
                #expect(sum == (try amount(row[column])), "\(row[0]) column \(column)")
            }
            first = index + 1
        }
    }
}

extension ReconciliationPagesTests {
    /// reconciliation.json's bridge for every invoice of the bundled month carries the same items as
    /// the page, and they add up exactly: read back from the file and summed as `Decimal`s (never
    /// `Double`), the items that are not subtotals reach each subtotal, the stated `total` and the
    /// `amountDue` to the last digit. By hand (fixtures/contoso-2026-10/README.md): USD 4,059.72 +
    /// 2,948.26 = 7,007.98; 7,007.98 − 5,000 − 0 − 0 + 621.95 − 0.01 (the invoice's own difference,
    /// planted 6) = 2,629.92. GBP 1,217.76 − 394.98 = 822.78; 822.78 − 0 − 0 − 150 + 164.56 = 837.34.
    @Test func theJSONBridgesCarryThePagesItemsAndAddUpExactly() throws {
        let data = try FileSystem.read(try Self.close.get().pack + "/reconciliation.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(data)) as? [String: Any])
        let bridges = try #require(json["bridges"] as? [[String: Any]])
        #expect(bridges.map { $0["invoiceId"] as? String } == ["G118264930", "G118264941"])
        func decimal(_ value: Any?) throws -> Decimal {
            let text = try #require(value as? String)
            return try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
        }
        let expectedNames = [
            [
                "computed", "variance", "invoiced", "prepayment", "credit", "freeCredit", "tax", "totalDifference",
                "total", "amountDue",
            ], ["computed", "variance", "invoiced", "prepayment", "credit", "freeCredit", "tax", "total", "amountDue"],
        ]
        let html = try Self.page("reconciliation.html")
        let tables = HTMLText.matches(#"<h3>From charges to amount due</h3>\s*<table>(.*?)</table>"#, in: html)
        for (index, bridge) in bridges.enumerated() {
            let items = try #require(bridge["items"] as? [[String: Any]])
            #expect(items.map { $0["name"] as? String } == expectedNames[index].map(Optional.some))
            // The same items as the page, in the same order (the page adds no rounding line here).
            #expect(items.map { $0["label"] as? String ?? "" } == HTMLText.rows(tables[index]).map { $0[0] })
            var running = Decimal.zero
            var subtotals: [String: Decimal] = [:]
            for item in items {
                let amount = try decimal(item["amount"])
                let name = try #require(item["name"] as? String)
                if item["subtotal"] as? Bool == true {
                    #expect(amount == running, "\(bridge["invoiceId"] ?? "") \(name): \(amount) ≠ Σ items \(running)")
                    subtotals[name] = amount
                } else {
                    running += amount
                }
            }
            #expect(subtotals["invoiced"] == (try decimal(bridge["invoicedCharges"])))
            #expect(subtotals["total"] == (try decimal(bridge["total"])))
            #expect(subtotals["amountDue"] == (try decimal(bridge["amountDue"])))
        }
        let usd = try #require(bridges.first?["items"] as? [[String: Any]])
        #expect(
            try decimal(usd.first { $0["name"] as? String == "totalDifference" }?["amount"]) == Decimal(string: "-0.01")
        )
    }
}

extension ReconciliationPagesTests {
    /// Below the section level reconciliation.html shows exceptions and the 10 largest other
    /// differences; the sentence under each table counts the lines it leaves out by their status
    /// (matched lines are not "within tolerance"), and the counts agree with the reconciliation.
    @Test func theHiddenLinesAreCountedByTheirStatus() throws {
        let html = try Self.page("reconciliation.html")
        let sentences = HTMLText.matches(#"<p class="muted">([0-9,]+ more line\(s\)[^<]*)</p>"#, in: html)
        #expect(!sentences.isEmpty)
        // Independently: per invoice and level below section, the non-exceptions beyond the 10 largest.
        let lines = try Self.close.get().result.reconcile.reconciliation.lines
        var expected: [String] = []
        for invoice in lines.filter({ $0.level == .invoice }).map(\.invoiceId) {
            for level in [ReconcileLevel.productOrder, .serviceFamily, .meter] {
                let quiet = lines.filter { $0.invoiceId == invoice && $0.level == level && !$0.status.isException }
                    .sorted { $0.variance.magnitude > $1.variance.magnitude }.dropFirst(10)
                guard !quiet.isEmpty else { continue }
                let matched = quiet.filter { $0.status == .matched }.count
                let within = quiet.filter { $0.status == .withinTolerance }.count
                let parts = [(matched, "matched"), (within, "within tolerance")].filter { $0.0 > 0 }
                    .map { "\($0.0) \($0.1)" }
                expected.append(
                    "\(quiet.count) more line(s), none outside tolerance (\(parts.joined(separator: ", "))), are in variances.csv."
                )
            }
        }
        #expect(sentences == expected)
        // The bundled month's hidden lines include matched ones: the old wording ("N more line(s)
        // within tolerance") was wrong for them.
        #expect(sentences.contains { $0.contains("matched") })
    }
}

extension ReconciliationPagesTests {
    /// audit.html breaks a file's path only after a `/`, never inside a name: the cell marks each
    /// break opportunity with `<wbr/>` and the page's style turns off `break-all` for paths.
    @Test func auditFileNamesWrapOnlyAtPathSeparators() throws {
        let audit = try Self.page("audit.html")
        let cells = HTMLText.matches(#"<code class="path">(.*?)</code>"#, in: audit)
        #expect(!cells.isEmpty)
        for cell in cells {
            // Each piece is one unbreakable span (a hyphen in a name is no break either), and the
            // only break opportunities are the `<wbr/>`s after the separators.
            let pieces = cell.components(separatedBy: "<wbr/>")
            #expect(pieces.allSatisfy { $0.hasPrefix("<span>") && $0.hasSuffix("</span>") }, "\(cell)")
            let texts = pieces.map { $0.dropFirst("<span>".count).dropLast("</span>".count) }
            #expect(texts.dropLast().allSatisfy { $0.hasSuffix("/") }, "\(cell)")
            #expect(texts.joined().contains("part_0_0001.csv"))
        }
        #expect(
            audit.contains(
                "code.path { word-break: normal; overflow-wrap: normal; }\ncode.path span { white-space: nowrap; }"
            )
        )
        #expect(ReportPages.pathParts("a/b/c.csv").map { $0["text"] as? String } == ["a/", "b/", "c.csv"])
        #expect(ReportPages.pathParts("name.csv").map { $0["wbr"] as? Bool } == [false])
    }
}
