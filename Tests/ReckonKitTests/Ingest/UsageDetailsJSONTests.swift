import Foundation
import Testing

@testable import ReckonKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A saved page of the Consumption usage details API is cost data: converted to CSV rows in memory
/// and read like an export. Expected values are the example's own text (Microsoft's
/// UsageDetailsListByMCABillingAccount.json, one `modern` item).
@Suite struct UsageDetailsJSONTests {
    static let example = Fixtures.path(
        "realdata/azure-rest-api-specs/consumption-2024-08-01/UsageDetailsListByMCABillingAccount.json"
    )

    /// Properties become columns in order, numbers keep their exact text, `false` and `""` stay
    /// as written, the item's tags object becomes the `tags` column as compact JSON.
    @Test func anItemBecomesOneRow() throws {
        let csv = String(
            decoding: try UsageDetailsJSON.csv(try FileSystem.read(Self.example), file: "u.json"),
            as: UTF8.self
        )
        let reader = CSVReader(source: MemoryByteSource(Array(csv.utf8)))
        #expect(try reader.next())
        let header = (0..<reader.fieldCount).map { reader.string($0) }
        #expect(Array(header.prefix(3)) == ["billingAccountId", "billingAccountName", "billingPeriodStartDate"])
        #expect(header.last == "tags")
        #expect(try reader.next())
        let row = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($1, reader.string($0)) })
        #expect(row["costInBillingCurrency"] == "1.84763819095477")
        #expect(row["quantity"] == "0.7329")
        #expect(row["isAzureCreditEligible"] == "false")
        #expect(row["invoiceId"] == "")
        #expect(row["tags"] == #"{"env":"newcrp","dev":"tools"}"#)
        #expect(row["additionalInfo"]?.hasPrefix(#"{  "UsageType": "ComputeHR""#) == true)
        #expect(try !reader.next())
    }

    /// In a month's costdetails/ the page is a cost file: the close's reconciliation puts its one
    /// row (no invoice id yet) on the not-invoiced line with the exact cost. An invoice list saved
    /// there is not taken for cost data.
    @Test func aMonthOfUsageDetailsIsReconciled() throws {
        let month = try Fixtures.temporaryFolder() + "/month"
        try FileManager.default.createDirectory(atPath: month + "/costdetails", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.example, toPath: month + "/costdetails/usage.json")
        try FileManager.default.copyItem(
            atPath: Fixtures.path("realdata/azure-rest-api-specs/billing-2020-05-01/BillingAccountInvoicesList.json"),
            toPath: month + "/costdetails/invoices-copy.json"
        )
        let folder = try MonthFolder.discover(root: month)
        #expect(folder.costPlan.files.map(\.displayName) == ["usage.json"])
        let run = try ReconcileRunner.run(month: folder, config: ReconcileConfig(), reject: { _ in })
        #expect(run.counts.read == 1 && run.counts.used == 1)
        let line = try #require(run.reconciliation.lines.first { $0.level == .invoice })
        #expect(line.computed.description == "1.84763819095477")
        #expect(line.status == .notInvoiced)
        #expect(run.files.first?.schema.kind == .mca)
    }

    /// Items that name a field differently (a `modern` item's `costInBillingCurrency` and
    /// `billingCurrencyCode`, a `legacy` item's `cost` and `billingCurrency`) fill one column per
    /// field, so every row is used. The type may be written with an escaped slash.
    @Test func itemsOfBothKindsFillTheSameColumns() throws {
        let page = #"""
            {"value": [
              {"type": "Microsoft.Consumption\/usageDetails", "kind": "modern", "properties": {
                "invoiceId": "G1", "date": "2026-10-01", "billingCurrencyCode": "USD", "costInBillingCurrency": 1.25, "subscriptionGuid": "S1"}},
              {"type": "Microsoft.Consumption\/usageDetails", "kind": "legacy", "properties": {
                "invoiceId": "G1", "date": "2026-10-02", "billingCurrency": "USD", "cost": 2.5, "subscriptionId": "S2"}},
              {"type": "Microsoft.Consumption\/usageDetails", "kind": "legacy", "properties": {
                "invoiceId": "G1", "date": "2026-10-03", "billingCurrency": "EUR", "cost": null, "subscriptionId": "S3"}}
            ]}
            """#
        let folder = try Fixtures.temporaryFolder()
        try Data(page.utf8).write(to: URL(fileURLWithPath: folder + "/usage.json"))
        #expect(UsageDetailsJSON.isPage(folder + "/usage.json"))
        let report = try Inspector.inspect(path: folder + "/usage.json", reject: { _ in })
        #expect(report.files.count == 1 && report.documents.isEmpty)
        // The third item has no cost: rejected with its reason; the other two are used.
        #expect(report.counts.read == 3 && report.counts.used == 2 && report.counts.rejectedTotal == 1)
        #expect(report.totals.map { "\($0.currency) \($0.billedCost ?? .zero)" } == ["USD 3.75"])
        #expect(report.files.first?.kind == .mca)
        #expect(report.files.first?.distinctSubscriptions == 2)
    }

    /// A saved list whose last page still has a `nextLink` is not the whole month: a close refuses
    /// it, naming the page to save; inspect says so in a note.
    @Test func anUnfinishedListIsRefusedForAClose() throws {
        let month = try Fixtures.temporaryFolder() + "/month"
        try FileManager.default.createDirectory(atPath: month + "/costdetails", withIntermediateDirectories: true)
        let text = String(decoding: try FileSystem.read(Self.example), as: UTF8.self)
        let unfinished = text.replacing(
            "\"value\": [",
            with: "\"nextLink\": \"https://management.azure.com/next?skiptoken=2\", \"value\": [",
            maxReplacements: 1
        )
        #expect(unfinished != text)
        try Data(unfinished.utf8).write(to: URL(fileURLWithPath: month + "/costdetails/usage.json"))
        #expect { _ = try MonthFolder.discover(root: month) } throws: { error in
            "\(error)"
                .contains(
                    "usage.json: the saved usage details go on (its nextLink is https://management.azure.com/next?skiptoken=2); save the next page as usage.page2.json"
                )
        }
        let report = try Inspector.inspect(path: month, reject: { _ in })
        #expect(
            report.notes.contains { $0.hasPrefix("costdetails/usage.json: the saved usage details go on") },
            "\(report.notes)"
        )
        // Named alone as the cost file (--costdetails), a page of a longer list, first or later,
        // is refused: the folder of its pages is what to give.
        try FileManager.default.copyItem(atPath: Self.example, toPath: month + "/costdetails/usage.page2.json")
        for page in ["usage.json", "usage.page2.json"] {
            #expect {
                _ = try MonthFolder.discover(root: month, overrides: .init(costDetails: month + "/costdetails/" + page))
            } throws: { error in
                "\(error)".contains("\(page) is one page of a saved list of usage details")
                    && "\(error)".contains("give the folder that holds all its pages")
            }
        }
        // The folder with both pages is the whole list.
        #expect(try MonthFolder.discover(root: month).costPlan.files.count == 2)
    }

    /// A page above 256 MiB (a sparse file here) is refused by its size before it is read, with
    /// what to do instead: save the list page by page.
    @Test func aPageTooLargeIsRefusedWithWhatToDo() throws {
        let folder = try Fixtures.temporaryFolder()
        let path = folder + "/usage.json"
        #expect(
            FileManager.default.createFile(
                atPath: path,
                contents: Data(#"{"value": [{"type": "Microsoft.Consumption/usageDetails""#.utf8)
            )
        )
        #expect(truncate(path, 257 << 20) == 0)
        let plan = try InputDiscovery.costFiles(at: folder, metric: nil)
        #expect(plan.files.map(\.displayName) == ["usage.json"])
        #expect { _ = try CostFileReader.readHeader(try #require(plan.files.first)) } throws: { error in
            "\(error)"
                .contains(
                    "\(257 << 20) bytes is more than a saved usage-details page holds (at most 256 MiB here): save the list page by page (usage.page2.json, …)"
                )
        }
    }

    /// A page that is not JSON is an error naming the file, line and column.
    @Test func aBrokenPageNamesWhereItBreaks() throws {
        #expect {
            _ = try UsageDetailsJSON.csv(
                Array(#"{"value": [ {"type": "Microsoft.Consumption/usageDetails",}] }"#.utf8),
                file: "u.json"
            )
        } throws: { error in
            "\(error)" == "u.json:1: not valid JSON at column 59: a trailing ',' is not allowed before '}'"
        }
    }
}
