import Foundation
import Testing

@testable import ReckonKit

/// `reckon inspect` on a month folder and on the Azure example documents. Expected values were read
/// with Python's json and decimal modules:
/// `python3 -c "import json,decimal; d=json.load(open(F), parse_float=decimal.Decimal); ..."`.
@Suite struct DocumentInspectorTests {
    @Test func aMonthFolderShowsCostFilesInvoicesTransactionsAndThePriceSheet() throws {
        let report = try Inspector.inspect(path: Fixtures.path("contoso-2026-10"), reject: { _ in })
        #expect(report.files.count == 2)
        #expect(report.documents.map(\.kind) == [.priceSheetExport, .invoices, .transactions, .transactions])

        let priceSheet = report.documents[0]
        #expect(priceSheet.items == 117)
        #expect(priceSheet.counts?.used == 117)
        #expect(priceSheet.details == ["MCA layout, 58 meters, 7 units of measure, currencies GBP, USD"])

        let invoices = report.documents[1]
        #expect(invoices.items == 2)
        #expect(
            invoices.totals.contains(
                DocumentTotal(label: "billedAmount", currency: "USD", amount: try Amount.parse("7007.98"))
            )
        )
        #expect(
            invoices.totals.contains(
                DocumentTotal(label: "totalAmount", currency: "GBP", amount: try Amount.parse("837.34"))
            )
        )

        let usd = report.documents[2]
        #expect(
            usd.pages == [
                "transactions/G118264930.json", "transactions/G118264930.page2.json",
                "transactions/G118264930.page3.json",
            ]
        )
        #expect(usd.items == 21)
        #expect(
            usd.totals.first
                == DocumentTotal(label: "transactionAmount", currency: "USD", amount: try Amount.parse("7629.92"))
        )
        #expect(
            report.documents[3].totals.first
                == DocumentTotal(label: "transactionAmount", currency: "GBP", amount: try Amount.parse("987.33"))
        )
        #expect(
            report.notes.contains(
                "subscription-map.csv is a subscription → cost-center map (for allocation), not cost data"
            )
        )
    }

    @Test func everyAzureExampleDocumentIsRecognised() throws {
        let report = try Inspector.inspect(path: Fixtures.path("realdata/azure-rest-api-specs"), reject: { _ in })
        let kinds = Dictionary(uniqueKeysWithValues: report.documents.map { ($0.file, $0.kind) })
        #expect(kinds["billing-2020-05-01/BillingAccountInvoicesList.json"] == .invoices)
        #expect(kinds["billing-2020-05-01/Invoice.json"] == .invoice)
        #expect(kinds["billing-2024-04-01/transactionSummaryGetByInvoice.json"] == .transactionSummary)
        #expect(kinds["consumption-2024-08-01/BalancesByBillingAccount.json"] == .balance)
        // Saved usage details are cost data: read as a cost file (UsageDetailsJSONTests), not as a document.
        #expect(kinds["consumption-2024-08-01/UsageDetailsListByMCABillingAccount.json"] == nil)
        #expect(report.files.map(\.file) == ["consumption-2024-08-01/UsageDetailsListByMCABillingAccount.json"])
        #expect(report.documents.count == 13)
        // Reservation recommendations and cost-allocation rules (read by allocation tests as
        // configuration examples) are not billing data that a close reads.
        #expect(
            report.notes == [
                "skipped consumption-2024-08-01/ReservationRecommendationsByBillingAccount.json: JSON that is not billing data Reckon reads (an object)",
                "skipped costmanagement-2025-03-01/CostAllocationRuleCreate.json: JSON that is not billing data Reckon reads (Microsoft.CostManagement/costAllocationRules)",
                "skipped costmanagement-2025-03-01/CostAllocationRuleCreateTag.json: JSON that is not billing data Reckon reads (Microsoft.CostManagement/costAllocationRules)",
            ]
        )
        let priceSheet = try #require(report.documents.first { $0.kind == .priceSheet })
        #expect(priceSheet.details.last?.hasPrefix("incomplete: the last saved page has a nextLink") == true)
    }

    /// The 2020-05-01 example holds one transaction of invoice 2344233 (5000 = 4500 + 500 tax) and
    /// one pending (50 = 45 + 5). Reconcile leaves the pending one out, so inspect's totals do too and
    /// show it apart (values read with Python's json and decimal modules).
    @Test func pendingTransactionsAreTotalledApartFromTheInvoicedOnes() throws {
        let report = try Inspector.inspect(
            path: Fixtures.path("realdata/azure-rest-api-specs/billing-2020-05-01/TransactionsListByInvoice.json"),
            reject: { _ in }
        )
        let document = try #require(report.documents.first)
        #expect(document.kind == .transactions)
        #expect(
            document.totals == [
                DocumentTotal(label: "transactionAmount", currency: "USD", amount: Amount(5000)),
                DocumentTotal(label: "subTotal", currency: "USD", amount: Amount(4500)),
                DocumentTotal(label: "tax", currency: "USD", amount: Amount(500)),
                DocumentTotal(label: "pending transactionAmount", currency: "USD", amount: Amount(50)),
                DocumentTotal(label: "pending subTotal", currency: "USD", amount: Amount(45)),
                DocumentTotal(label: "pending tax", currency: "USD", amount: Amount(5)),
            ]
        )
    }

    /// An invoice's line shows what comes off before tax, and says so when the total does not
    /// follow from its parts. The 2024-04-01 example (read with Python's json module): billed and
    /// subTotal 33.99, prepayment 25.46, no credit, tax 1.00, total 7.53; 33.99 − 25.46 + 1.00 = 9.53.
    @Test func anInvoiceThatDoesNotAddUpSaysWhatItsPartsGive() throws {
        let report = try Inspector.inspect(
            path: Fixtures.path("realdata/azure-rest-api-specs/billing-2024-04-01/invoicesGetByBillingAccount.json"),
            reject: { _ in }
        )
        let document = try #require(report.documents.first)
        #expect(
            document.details == [
                "G123456789 USD billed 33.99, prepayment −25.46, tax 1.00, total 7.53 (its parts add up to 9.53), Due, tax at SubtotalLevel"
            ]
        )
        let list = try Inspector.inspect(
            path: Fixtures.path("realdata/azure-rest-api-specs/billing-2020-05-01/BillingAccountInvoicesList.json"),
            reject: { _ in }
        )
        #expect(
            list.documents.first?.details.first
                == "1383723 USD billed 33.99, prepayment −25.46, credit −1.00, tax 0.00, total 7.53, Due"
        )
    }

    /// A budget's `notifications` are rules (a threshold and whom to tell), not alerts that fired:
    /// the Azure example has one, above 80 % of 100.65 actual (read with Python's json module).
    @Test func aBudgetsNotificationsAreCalledRules() throws {
        let report = try Inspector.inspect(
            path: Fixtures.path("realdata/azure-rest-api-specs/consumption-2024-08-01/Budget.json"),
            reject: { _ in }
        )
        let document = try #require(report.documents.first)
        #expect(document.details == ["TestBudget: 100.65 per Monthly (spent 80.89 USD), 1 notification rule(s)"])
    }

    @Test func aMissingTransactionsPageIsAnErrorForAClose() throws {
        let folder = try Fixtures.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/transactions", withIntermediateDirectories: true)
        for page in ["G118264930.json", "G118264930.page2.json"] {
            try FileManager.default.copyItem(
                atPath: Fixtures.path("contoso-2026-10/transactions/\(page)"),
                toPath: folder + "/transactions/\(page)"
            )
        }
        let files = try ["transactions/G118264930.json", "transactions/G118264930.page2.json"]
            .map { BillingPageFile(path: $0, bytes: try FileSystem.read(folder + "/" + $0)) }
        #expect { _ = try BillingDocumentReader.readPages(InvoiceTransaction.self, from: files) } throws: { error in
            (error as? BillingDocumentError)?.file == "transactions/G118264930.page2.json"
        }
    }
}

@Suite struct PriceSheetReaderTests {
    @Test func readsTheMCAExportWithBlockSizes() throws {
        let result = try PriceSheetReader.read(
            path: Fixtures.path("contoso-2026-10/pricesheet.csv"),
            displayName: "pricesheet.csv",
            reject: { _ in }
        )
        #expect(result.layout == "MCA")
        #expect(result.entries.count == 117)
        let first = try #require(result.entries.first)
        #expect(first.meterId == "a7b41eec-aaf6-4d18-b6f9-ec02657bbfb5")
        #expect(first.unitOfMeasure == "1/Month")
        #expect(first.unitPrice == (try Amount.parse("17.5419")))
        #expect(first.currency.code == "USD")
        #expect(first.effectiveStart?.description == "2026-10-01")
        #expect(result.entries.contains { $0.unitOfMeasure == "100 Hours" })
    }

    /// A price sheet cut mid-row (a download that stopped) says so at its last line, as a cost
    /// file does; a short row that ends in a line end does not.
    @Test func aPriceSheetCutMidRowSaysItLooksCutOff() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = folder + "/ea.csv"
        let text =
            "MeterID,MeterName,UnitOfMeasure,UnitPrice,CurrencyCode,EffectiveStartDate\nm1,D2,100 Hours\nm2,D4,1 Hour,9.6"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var rejects: [RejectedRow] = []
        _ = try PriceSheetReader.read(path: path, displayName: "ea.csv", reject: { rejects.append($0) })
        #expect(rejects.map(\.line) == [2, 3])
        #expect(
            rejects.map(\.reason) == [
                "expected 6 fields (as in the header), found 3",
                "expected 6 fields (as in the header), found 4; it is the file's last line and has no line end: the file looks cut off here (copied or downloaded only in part?)",
            ]
        )
    }

    @Test func rejectsABadPriceWithItsLineAndColumn() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = folder + "/ea.csv"
        let text =
            "MeterID,MeterName,UnitOfMeasure,UnitPrice,CurrencyCode,EffectiveStartDate\r\nm1,D2,100 Hours,9.6,USD,2026-10-01\r\nm2,D4,1 Hour,abc,USD,2026-10-01\r\n,x,1 Hour,1,USD,\r\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        var rejects: [RejectedRow] = []
        let result = try PriceSheetReader.read(path: path, displayName: "ea.csv", reject: { rejects.append($0) })
        #expect(result.layout == "EA")
        #expect(result.counts.read == 3 && result.counts.used == 1 && result.counts.rejectedTotal == 2)
        #expect(rejects.map(\.line) == [3, 4])
        #expect(rejects.map(\.column) == ["UnitPrice", "MeterID"])
    }

    @Test(arguments: [
        ("100 Hours", "100", "Hours"), ("10K", "10000", "Units"), ("1/Month", "1", "Units/Month"),
        ("1 GB/Month", "1", "GB/Month"), ("10000", "10000", "Units"),
    ]) func unitsOfMeasureHaveBlockSizes(unit: String, block: String, distinct: String) throws {
        let found = try #require(PricingUnits.shipped.lookup(unit))
        #expect(found.blockSize.description == block)
        #expect(found.distinctUnits == distinct)
    }

    @Test func theShippedTableHasEveryUnitOfTheToolkit() {
        // python3: len(set(r['UnitOfMeasure'] for r in csv.DictReader(open('PricingUnits.csv')))) == 383
        #expect(PricingUnits.shipped.count == 383)
        #expect(PricingUnits.shipped.lookup("5 Hours") != nil)
    }
}
