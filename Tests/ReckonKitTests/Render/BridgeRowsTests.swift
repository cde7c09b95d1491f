import Foundation
import Testing

@testable import ReckonKit

/// The bridge from charges to amount due adds up exactly as displayed.
@Suite struct BridgeRowsTests {
    static func amount(_ text: String) -> Amount { (try? Amount.parse(text)) ?? .zero }

    static func bridge(
        computed: String,
        invoiced: String?,
        prepayment: String? = nil,
        credit: String? = nil,
        free: String? = nil,
        tax: String? = nil,
        total: String? = nil,
        due: String? = nil
    ) -> InvoiceBridge {
        InvoiceBridge(
            invoiceId: "T1",
            billingProfile: nil,
            currency: "USD",
            status: nil,
            computedCharges: amount(computed),
            invoicedCharges: invoiced.map(amount),
            tax: tax.map(amount),
            prepayment: prepayment.map(amount),
            credit: credit.map(amount),
            freeCredit: free.map(amount),
            total: total.map(amount),
            amountDue: due.map(amount),
            subtotalLevelTax: false
        )
    }

    /// Every subtotal equals the figure above its step plus the lines in between, as displayed.
    static func addsUpAsDisplayed(_ rows: [BridgeRow]) -> Bool {
        guard var start = rows.first?.amount else { return false }
        var sum = start
        for row in rows.dropFirst() {
            if row.isSubtotal {
                if row.amount != sum { return false }
                start = row.amount
                sum = start
            } else {
                sum += row.amount
            }
        }
        return true
    }

    /// By hand, rounding half away from zero to the cent:
    /// - computed 100.005 → 100.01; invoiced − computed = 0.005 → 0.01; 100.01 + 0.01 = 100.02 but
    ///   invoiced shows 100.01: rounding −0.01.
    /// - prepayment −0.004 → 0.00; tax 0.006 → 0.01; total 100.01 − 0.004 + 0.006 = 100.012 → 100.01;
    ///   100.01 + 0.00 + 0.01 = 100.02: rounding −0.01.
    /// - due 50; due − total = −50.012 → −50.01; 100.01 − 50.01 = 50.00: no rounding.
    @Test func roundedLinesGetAnExplicitRoundingLine() {
        let rows = BridgeRows.rows(
            Self.bridge(
                computed: "100.005",
                invoiced: "100.01",
                prepayment: "0.004",
                tax: "0.006",
                total: "100.012",
                due: "50"
            ),
            digits: 2
        )
        let expected: [(String, String, Bool)] = [
            ("Charges computed from the cost rows", "100.01", false),
            ("Difference: invoiced − computed", "0.01", false), ("Rounding to the minor unit", "-0.01", false),
            ("Charges invoiced (subtotal before tax)", "100.01", true), ("Azure prepayment applied", "0", false),
            ("Tax", "0.01", false), ("Rounding to the minor unit", "-0.01", false), ("Total", "100.01", true),
            ("Paid or settled since invoicing", "-50.01", false), ("Amount due now", "50", true),
        ]
        #expect(rows.map(\.label) == expected.map(\.0))
        #expect(rows.map(\.amount) == expected.map { Self.amount($0.1) })
        #expect(rows.map(\.isSubtotal) == expected.map(\.2))
        #expect(Self.addsUpAsDisplayed(rows))
    }

    /// The bundled month's USD invoice (fixtures/contoso-2026-10/README.md, planted difference 6):
    /// 4,059.72 + 2,948.26 = 7,007.98; 7,007.98 − 5,000.00 − 0 − 0 + 621.95 = 2,629.93, but the
    /// invoice states 2,629.92 (its tax lines sum to 621.94): a −0.01 line says so. The GBP invoice:
    /// 1,217.76 − 394.98 = 822.78; 822.78 − 150.00 + 164.56 = 837.34, as stated.
    @Test(arguments: [
        (
            "G118264930",
            ["4059.72", "2948.26", "7007.98", "-5000", "0", "0", "621.95", "-0.01", "2629.92", "2629.92"],
            "The invoice's total differs from its parts"
        ), ("G118264941", ["1217.76", "-394.98", "822.78", "0", "0", "-150", "164.56", "837.34", "837.34"], ""),
    ]) func theBundledMonthsBridgesAddUp(invoice: String, amounts: [String], extra: String) throws {
        let run = try reconcileMonth("contoso-2026-10")
        let bridge = try #require(run.reconciliation.bridges.first { $0.invoiceId == invoice })
        let rows = BridgeRows.rows(bridge, digits: 2)
        #expect(rows.map(\.amount) == amounts.map(Self.amount))
        #expect(Self.addsUpAsDisplayed(rows))
        #expect(rows.contains { $0.label == "The invoice's total differs from its parts" } == !extra.isEmpty)
        #expect(!rows.contains { $0.label.hasPrefix("Rounding") })
    }

    /// Without a stated subtotal there is nothing to bridge to: the stated figures are listed, and no
    /// difference or rounding line is made up.
    @Test func withoutASubtotalTheFiguresAreListedAsStated() {
        let rows = BridgeRows.rows(
            Self.bridge(computed: "10.004", invoiced: nil, tax: "1", total: "12", due: "12"),
            digits: 2
        )
        #expect(rows.map(\.label) == ["Charges computed from the cost rows", "Tax", "Total", "Amount due now"])
        #expect(rows.map(\.amount) == ["10", "1", "12", "12"].map(Self.amount))
        #expect(rows.allSatisfy { !$0.isSubtotal })
    }
}
