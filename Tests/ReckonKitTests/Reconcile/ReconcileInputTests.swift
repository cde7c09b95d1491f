import Foundation
import Testing

@testable import ReckonKit

/// Month folders whose inputs are damaged the way a user's are: an invoice amount in another
/// currency or missing, an invoice list under another name, an MCA export without its invoiceId
/// column, a price sheet with a bad row. Each is a copy of fixtures/contoso-2026-10 with one edit.
@Suite struct ReconcileInputTests {
    /// A copy of the Contoso month, to damage.
    static func copyOfMonth() throws -> String {
        let month = try Fixtures.temporaryFolder() + "/month"
        try FileManager.default.copyItem(atPath: Fixtures.path("contoso-2026-10"), toPath: month)
        return month
    }

    /// Replaces the one occurrence of `from` in the file at `path` with `to`.
    static func edit(_ path: String, _ from: String, _ to: String) throws {
        let text = String(decoding: try FileSystem.read(path), as: UTF8.self)
        try #require(text.ranges(of: from).count == 1, "\(path) no longer has exactly one \(from)")
        try Data(text.replacing(from, with: to).utf8).write(to: URL(fileURLWithPath: path))
    }

    /// An amount object of invoices.json as the fixture writes it, up to its value.
    static func amount(_ name: String, _ currency: String) -> String {
        "\"\(name)\": {\n          \"currency\": \"\(currency)\","
    }

    static func reconcile(_ folder: String, reject: (RejectedRow) throws -> Void = { _ in }) throws -> ReconcileRun {
        try ReconcileRunner.run(month: try MonthFolder.discover(root: folder), config: ReconcileConfig(), reject: reject)
    }

    // MARK: - Invoice currencies

    /// One amount of an invoice in another currency than its others is an error naming the file,
    /// the amount's JSON path, the invoice and both currencies: it is not the same money, and was
    /// compared as if it were (`subtotal_equals_billed` matched USD 7,007.98 against EUR 7,007.98).
    @Test(arguments: [
        ("billedAmount", "USD", "EUR", "value[0].properties.billedAmount.currency", "USD, the billing currency of invoice G118264930", "EUR"),
        ("taxAmount", "GBP", "USD", "value[1].properties.taxAmount.currency", "GBP, the billing currency of invoice G118264941", "USD"),
        ("amountDue", "USD", "GBP", "value[0].properties.amountDue.currency", "USD, the billing currency of invoice G118264930", "GBP"),
    ])
    func anInvoiceAmountInAnotherCurrencyIsAnError(field: String, from: String, to: String, path: String, expected: String, found: String) throws {
        let month = try ReconcileInputTests.copyOfMonth()
        try ReconcileInputTests.edit(month + "/invoices.json", ReconcileInputTests.amount(field, from), ReconcileInputTests.amount(field, to))
        let error = try #require(throws: BillingDocumentError.self) { try ReconcileInputTests.reconcile(month) }
        #expect(error.file == month + "/invoices.json")
        #expect(error.jsonPath == path)
        #expect(error.expected.hasPrefix(expected + " (its "))
        #expect(error.found.hasPrefix(found + ": every amount of one invoice is in its billing currency"))
        #expect(error.description.hasPrefix("\(month)/invoices.json: at \(path): expected \(expected)"))
    }

    /// A currency written in another case is the same currency: no error, and the rule matches.
    @Test func anAmountsCurrencyInLowerCaseIsTheSameCurrency() throws {
        let month = try ReconcileInputTests.copyOfMonth()
        try ReconcileInputTests.edit(month + "/invoices.json", ReconcileInputTests.amount("billedAmount", "USD"), ReconcileInputTests.amount("billedAmount", "usd"))
        let run = try ReconcileInputTests.reconcile(month)
        let line = try #require(run.reconciliation.lines.first { $0.invoiceId == "G118264930" && $0.key == "subtotal_equals_billed" })
        #expect(line.status == .matched && line.currency == "USD" && line.invoiced.description == "7007.98")
    }
}
