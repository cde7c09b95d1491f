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
        try ReconcileRunner.run(
            month: try MonthFolder.discover(root: folder),
            config: ReconcileConfig(),
            reject: reject
        )
    }

    // MARK: - Invoice currencies

    /// One amount of an invoice in another currency than its others is an error naming the file,
    /// the amount's JSON path, the invoice and both currencies: it is not the same money, and was
    /// compared as if it were (`subtotal_equals_billed` matched USD 7,007.98 against EUR 7,007.98).
    @Test(arguments: [
        (
            "billedAmount", "USD", "EUR", "value[0].properties.billedAmount.currency",
            "USD, the billing currency of invoice G118264930", "EUR"
        ),
        (
            "taxAmount", "GBP", "USD", "value[1].properties.taxAmount.currency",
            "GBP, the billing currency of invoice G118264941", "USD"
        ),
        (
            "amountDue", "USD", "GBP", "value[0].properties.amountDue.currency",
            "USD, the billing currency of invoice G118264930", "GBP"
        ),
    ]) func anInvoiceAmountInAnotherCurrencyIsAnError(
        field: String,
        from: String,
        to: String,
        path: String,
        expected: String,
        found: String
    ) throws {
        let month = try ReconcileInputTests.copyOfMonth()
        try ReconcileInputTests.edit(
            month + "/invoices.json",
            ReconcileInputTests.amount(field, from),
            ReconcileInputTests.amount(field, to)
        )
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
        try ReconcileInputTests.edit(
            month + "/invoices.json",
            ReconcileInputTests.amount("billedAmount", "USD"),
            ReconcileInputTests.amount("billedAmount", "usd")
        )
        let run = try ReconcileInputTests.reconcile(month)
        let line = try #require(
            run.reconciliation.lines.first { $0.invoiceId == "G118264930" && $0.key == "subtotal_equals_billed" }
        )
        #expect(line.status == .matched && line.currency == "USD" && line.invoiced.description == "7007.98")
    }

    // MARK: - Header rules that cannot run

    /// A header rule whose field is null is not checked, and a note names the invoice and the
    /// field, instead of the rule vanishing from the header lines without a word.
    @Test(arguments: [
        ("billedAmount", "USD", "7007.98", "G118264930", "subtotal_equals_billed", "billedAmount"),
        ("totalAmount", "GBP", "837.34", "G118264941", "total_follows_from_parts", "totalAmount"),
        ("taxAmount", "USD", "621.95", "G118264930", "tax_equals_line_tax", "taxAmount"),
    ]) func aHeaderRuleWithoutItsFieldIsNamedInANote(
        field: String,
        currency: String,
        value: String,
        invoice: String,
        rule: String,
        missing: String
    ) throws {
        let month = try ReconcileInputTests.copyOfMonth()
        let whole = ReconcileInputTests.amount(field, currency) + "\n          \"value\": \(value)\n        }"
        try ReconcileInputTests.edit(month + "/invoices.json", whole, "\"\(field)\": null")
        let run = try ReconcileInputTests.reconcile(month)
        let header = run.reconciliation.lines.filter { $0.invoiceId == invoice && $0.level == .header }.map(\.key)
        #expect(!header.contains(rule))
        #expect(header.count == 3)
        let notes = run.reconciliation.notes.filter { $0.contains("not checked") }
        #expect(
            notes == [
                "invoice \(invoice): header rule \(rule) not checked: the invoice has no \(missing) (absent or null)"
            ]
        )
    }

    /// The fixture's invoices have every field: no such note.
    @Test func aCompleteInvoiceHasNoNote() throws {
        let run = try reconcileMonth("contoso-2026-10")
        #expect(!run.reconciliation.notes.contains { $0.contains("not checked") })
        #expect(run.reconciliation.lines.filter { $0.level == .header }.count == 8)
    }

    // MARK: - An invoice list under another name

    /// invoices.json saved as invoice-list.json: the note says what happens without it (with the
    /// transactions there, each invoice is still compared with Σ of its lines; without them, every
    /// row is not invoiced) and names the file that holds the list but is not read.
    @Test(arguments: [
        (
            true,
            "no invoices.json: no invoice header is checked; each invoice is compared with the Σ of its transactions (transactions/), and MCA or FOCUS cost rows of an invoice without transactions are reported as not invoiced",
            ["7007.98", "822.78"]
        ), (false, "no invoices.json: every MCA or FOCUS cost row is reported as not invoiced", ["0", "0"]),
    ]) func aRenamedInvoiceListIsNamedAndTheNoteSaysWhatHappens(
        keepTransactions: Bool,
        note: String,
        invoiced: [String]
    ) throws {
        let month = try ReconcileInputTests.copyOfMonth()
        try FileManager.default.moveItem(atPath: month + "/invoices.json", toPath: month + "/invoice-list.json")
        if !keepTransactions { try FileManager.default.removeItem(atPath: month + "/transactions") }
        let run = try ReconcileInputTests.reconcile(month)
        #expect(run.reconciliation.notes.contains(note))
        #expect(
            run.reconciliation.notes.contains(
                "invoice-list.json holds an invoice list (recognised by its content) but is not read: a month folder's invoices are read from invoices.json (more pages invoices.page2.json, …); rename it, or give it to reckon reconcile with --invoices"
            )
        )
        let invoices = run.reconciliation.lines.filter { $0.level == .invoice }
        #expect(invoices.map(\.invoiceId) == ["G118264930", "G118264941"])
        #expect(invoices.map(\.invoiced.description) == invoiced)
        #expect(invoices.map(\.computed.description) == ["4059.72", "1217.76"])
        #expect(!run.reconciliation.lines.contains { $0.level == .header })
    }

    /// A month folder of two real EA exports of 2023-09: the toolkit's USD sample under its own
    /// name (which says actual cost) and the anonymous CAD dataset under `canadian`.
    static func eaMonth(canadian: String) throws -> String {
        let month = try Fixtures.temporaryFolder() + "/ea"
        try FileManager.default.createDirectory(atPath: month + "/costdetails", withIntermediateDirectories: true)
        for (source, name) in [
            ("finops-toolkit/test-assets/EA_ActualCost_Small.csv", "EA_ActualCost_Small.csv"),
            ("focus-converters/sample-anonymous-ea-export-dataset.csv", canadian),
        ] {
            try FileManager.default.copyItem(
                atPath: Fixtures.path("realdata/" + source),
                toPath: month + "/costdetails/" + name
            )
        }
        return month
    }

    /// An EA export whose metric nothing states is reconciled as actual cost, and the notes say
    /// so; one whose name says it is not named.
    @Test func aMetricTakenAsActualIsNamed() throws {
        let month = try Self.eaMonth(canadian: "september.csv")
        let run = try ReconcileInputTests.reconcile(month)
        #expect(
            run.reconciliation.notes.filter { $0.contains("read as actual cost") } == [
                "september.csv: read as actual cost, as nothing says otherwise (no export manifest, no word in the name, no amortized-only rows); pass --metric amortized if it is amortized cost"
            ]
        )
        // Nor has the folder a balances.json: the note says that, not "none in CAD".
        #expect(
            run.reconciliation.notes.contains(
                "billing period 2023-09: no usage summary: the month folder has no balances.json (the Balances API's answer for the billing period); the EA cost rows are reported as not invoiced"
            )
        )
    }

    /// An EA billing period with cost in two currencies has a line per currency, and each counts
    /// its own exceptions: the USD period within tolerance has none, the CAD one (no usage summary
    /// in CAD, so not invoiced) has its one.
    @Test func anEAPeriodsCurrenciesCountTheirOwnExceptions() throws {
        let month = try Self.eaMonth(canadian: "cad.csv")
        let balance = """
            {"value": [{"id": "/providers/Microsoft.Billing/billingAccounts/1/providers/Microsoft.Billing/billingPeriods/202309/providers/Microsoft.Consumption/balances/b",
             "name": "b", "type": "Microsoft.Consumption/balances", "properties": {"currency": "USD", "beginningBalance": 100, "newPurchases": 0,
             "adjustments": 0, "utilized": 8.55, "endingBalance": 91.45, "serviceOverage": 0, "chargesBilledSeparately": 0, "totalOverage": 0,
             "totalUsage": 8.55, "azureMarketplaceServiceCharges": 0}}]}
            """
        try Data(balance.utf8).write(to: URL(fileURLWithPath: month + "/balances.json"))
        let run = try ReconcileInputTests.reconcile(month)
        #expect(run.reconciliation.exceptionCount(invoiceId: "EA 2023-09", currency: "USD").all == 0)
        #expect(run.reconciliation.exceptionCount(invoiceId: "EA 2023-09", currency: "CAD").all == 1)
        let summary = ReconciliationSummary(run)
        #expect(summary.invoices.map(\.exceptions) == [1, 0])
        let text = summary.text()
        #expect(
            text.contains(
                "EA 2023-09 USD: invoiced 8.55, computed 8.55, variance 0.00 → within_tolerance; 0 line(s) outside tolerance"
            )
        )
        #expect(
            text.contains(
                "EA 2023-09 CAD: invoiced 0.00, computed 1.26, variance -1.26 → not_invoiced; 1 line(s) outside tolerance"
            )
        )
    }

    /// A charge summary or a transaction summary in the month folder is named as not compared,
    /// rather than passed over in silence (an EA customer keeps the Charges API's answer beside
    /// balances.json).
    @Test func documentsReconciliationDoesNotCompareAreNamed() throws {
        let month = try ReconcileInputTests.copyOfMonth()
        let specs = Fixtures.path("realdata/azure-rest-api-specs")
        try FileManager.default.copyItem(
            atPath: specs + "/consumption-2024-08-01/ChargesListByModernBillingAccountGroupByInvoiceSectionId.json",
            toPath: month + "/charges.json"
        )
        try FileManager.default.copyItem(
            atPath: specs + "/billing-2024-04-01/transactionSummaryGetByInvoice.json",
            toPath: month + "/summary.json"
        )
        let tail =
            ", which reconciliation does not compare (it compares invoices, their transactions and an EA balance): reckon inspect shows what it holds"
        #expect(
            try MonthFolder.discover(root: month).unreadDocumentNotes() == [
                "charges.json holds charge summaries (the Charges API)" + tail,
                "summary.json holds a transaction summary" + tail,
            ]
        )
    }

    /// Documents read under their own names, and JSON that is not billing data, get no such note;
    /// a list given by name is read, not named as unread.
    @Test func onlyUnreadBillingDocumentsAreNamed() throws {
        let month = try ReconcileInputTests.copyOfMonth()
        try Data("{\"hello\": 1}".utf8).write(to: URL(fileURLWithPath: month + "/notes.json"))
        try Data("not json".utf8).write(to: URL(fileURLWithPath: month + "/broken.json"))
        #expect(try MonthFolder.discover(root: month).unreadDocumentNotes() == [])
        try FileManager.default.copyItem(
            atPath: month + "/transactions/G118264930.json",
            toPath: month + "/G118264930-lines.json"
        )
        try FileManager.default.moveItem(atPath: month + "/invoices.json", toPath: month + "/invoice-list.json")
        #expect(
            try MonthFolder.discover(root: month).unreadDocumentNotes()
                .map { $0.components(separatedBy: " (recognised")[0] } == [
                    "G118264930-lines.json holds transactions by invoice", "invoice-list.json holds an invoice list",
                ]
        )
        let given = try MonthFolder.discover(
            root: month,
            overrides: MonthFolder.Overrides(invoices: month + "/invoice-list.json")
        )
        #expect(given.unreadDocumentNotes().count == 1)
        // The month's own invoices.json beside an invoice list given from elsewhere (a corrected
        // one): left out on purpose, and the note says what was read instead.
        let corrected = try Fixtures.temporaryFolder() + "/invoices-corrected.json"
        try FileManager.default.copyItem(atPath: month + "/invoice-list.json", toPath: corrected)
        try FileManager.default.moveItem(atPath: month + "/invoice-list.json", toPath: month + "/invoices.json")
        let elsewhere = try MonthFolder.discover(root: month, overrides: MonthFolder.Overrides(invoices: corrected))
        #expect(
            elsewhere.unreadDocumentNotes().filter { $0.hasPrefix("invoices.json") } == [
                "invoices.json holds an invoice list but is not read: \(corrected) was given instead"
            ]
        )
    }

    // MARK: - An MCA export without invoiceId

    /// The Contoso month with its actual-cost export only, its latest run's invoiceId column
    /// renamed and its manifest removed (so the file is read as it is, as a spreadsheet edit leaves it).
    static func monthWithoutInvoiceIds() throws -> String {
        let folder = try MonthPassesTests.actualOnlyMonth()
        let export = folder + "/costdetails/contoso-mca-actual/20261001-20261031"
        try FileManager.default.removeItem(atPath: export + "/8f1d9f05-e107-4d3e-bb70-f5db8255745a")
        try FileManager.default.removeItem(atPath: export + "/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/manifest.json")
        try ReconcileInputTests.edit(
            export + "/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv",
            "\u{FEFF}invoiceId,",
            "\u{FEFF}invoiceNumber,"
        )
        return folder
    }

    static let noInvoiceIdProblem =
        "the MCA header has no invoiceId column; reconciliation matches MCA rows to invoices by it (renamed or cut? inspect and allocate read the file without it)"

    /// Reconciliation, alone or in the close's pass shared with allocation, stops at the header
    /// (it would put every invoice at 0.00); allocation alone reads the file, as inspect does.
    @Test(arguments: ["reconcile", "close"]) func anMCAExportWithoutInvoiceIdIsAnErrorForReconciliation(stage: String)
        throws
    {
        let folder = try ReconcileInputTests.monthWithoutInvoiceIds()
        let config = try ReckonConfig.load(path: folder + "/reckon.yaml")
        let month = try MonthFolder.discover(root: folder)
        let error = try #require(throws: IngestError.self) {
            if stage == "reconcile" {
                _ = try ReconcileRunner.run(month: month, config: config.reconcile, reject: { _ in })
            } else {
                _ = try MonthPasses.run(
                    month: month,
                    reconcile: config.reconcile,
                    allocation: config.allocation,
                    options: IngestOptions(),
                    reject: { _ in },
                    progress: nil
                )
            }
        }
        #expect(
            error.file == "contoso-mca-actual/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv"
        )
        #expect(error.line == 1)
        #expect(error.problem == ReconcileInputTests.noInvoiceIdProblem)
        let settings = try #require(config.allocation)
        let allocated = try AllocationRunner.run(plan: month.costPlan, config: settings, reject: { _ in })
        #expect(allocated.counts.read == 1300)
    }

    // MARK: - Rejected price-sheet rows

    /// A copy of the month whose pricesheet.csv line 6 has UnitPrice `N/A`.
    static func monthWithABadPrice() throws -> String {
        let month = try copyOfMonth()
        try edit(month + "/pricesheet.csv", "2026-10-31T23:59:59Z,17.833,", "2026-10-31T23:59:59Z,N/A,")
        return month
    }

    /// pricesheet.csv line 6 with UnitPrice `N/A`: the row is rejected (rejects.csv), a note names
    /// the file and the count, and the summary counts price-sheet rows apart from cost rows.
    @Test func rejectedPriceSheetRowsAreCountedAndNoted() throws {
        let month = try ReconcileInputTests.monthWithABadPrice()
        var rejects: [RejectedRow] = []
        let run = try ReconcileInputTests.reconcile(month) { rejects.append($0) }
        #expect(rejects.map { "\($0.file):\($0.line) \($0.column ?? "")" } == ["pricesheet.csv:6 UnitPrice"])
        #expect(
            run.reconciliation.notes.contains(
                "pricesheet.csv: 1 price-sheet row(s) rejected (listed in rejects.csv with line, column and reason); the meters on them are not checked against the price sheet"
            )
        )
        let counts = try #require(run.priceSheetCounts)
        #expect((counts.read, counts.used, counts.rejectedTotal) == (117, 116, 1))
        #expect(run.counts.rejectedTotal == 0)
        let summary = ReconciliationSummary(run)
        #expect(summary.priceSheetRows == counts)
        let text = summary.text()
        #expect(
            text.contains(
                "\ncost rows: 1300 read, 1176 used, 124 filtered, 0 rejected\nprice-sheet rows: 117 read, 116 used, 0 filtered, 1 rejected\n"
            )
        )
    }

    /// A rejected price-sheet row names its file relative to the month folder, as a rejected cost
    /// row does, so rejects.csv (and the pack's manifest) is the same wherever the month folder is.
    @Test func rejectedPriceSheetRowsDoNotDependOnWhereTheMonthIs() throws {
        var seen: [[RejectedRow]] = []
        for _ in 0..<2 {
            let month = try ReconcileInputTests.monthWithABadPrice()
            var rejects: [RejectedRow] = []
            _ = try ReconcileInputTests.reconcile(month) { rejects.append($0) }
            #expect(!rejects.contains { $0.file.contains(month) })
            seen.append(rejects)
        }
        #expect(seen[0].map(\.file) == seen[1].map(\.file))
        #expect(seen[0].map(\.file) == ["pricesheet.csv"])
    }

    /// A price sheet without bad rows gets no note.
    @Test func aCleanPriceSheetHasNoNote() throws {
        let run = try reconcileMonth("contoso-2026-10")
        #expect(!run.reconciliation.notes.contains { $0.contains("price-sheet row") })
        #expect(run.priceSheetCounts?.read == 117 && run.priceSheetCounts?.rejectedTotal == 0)
    }
}
