import Foundation
import Testing

@testable import ReckonKit

@Suite struct FixtureGeneratorTests {
    /// A small month with several part files per export, so partitioning and manifests are exercised.
    static let small = FixtureGenerator.Options(seed: 7, rows: 1_400, rowsPerPartition: 500, transactionsPerPage: 10)

    @Test func sameSeedGivesByteIdenticalFiles() throws {
        let first = try GeneratedFixtureFolder(options: Self.small)
        let second = try GeneratedFixtureFolder(options: Self.small)
        let firstHashes = try first.fileHashes()
        #expect(firstHashes.count >= 12)
        #expect(firstHashes == (try second.fileHashes()))
        #expect(first.summary == second.summary)

        var other = Self.small
        other.seed = 8
        let third = try GeneratedFixtureFolder(options: other)
        #expect(firstHashes != (try third.fileHashes()))
    }

    /// The committed `fixtures/contoso-2026-10` is exactly what the generator writes with default options
    /// (this also catches any dependence on hashing order between processes).
    @Test func bundledFixtureMatchesTheGenerator() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let bundled = repository.appendingPathComponent("fixtures/contoso-2026-10")
        try #require(
            FileManager.default.fileExists(atPath: bundled.path),
            "fixtures/contoso-2026-10 is missing; regenerate it with `reckon generate` and default options"
        )
        let fresh = try GeneratedFixtureFolder(options: FixtureGenerator.Options())
        let generated = try fresh.fileHashes()
        // The fixture folder also holds files the generator does not write (expected outputs, the
        // example reckon.yaml); only the generated ones are compared.
        let expected = try GeneratedFixtureFolder.fileHashes(under: bundled).filter { generated[$0.key] != nil }
        #expect(
            generated == expected,
            "fixtures/contoso-2026-10 differs from the generator's output; regenerate it with default options"
        )
    }

    @Test func manifestCountsMatchTheFiles() throws {
        let folder = try GeneratedFixtureFolder(options: Self.small)
        let manifests = try folder.files().filter { $0.hasSuffix("/manifest.json") }
        #expect(manifests.count == 3)
        for path in manifests {
            let data = try Data(contentsOf: folder.url(path))
            let manifest = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            let blobs = try #require(manifest["blobs"] as? [[String: Any]])
            #expect(manifest["blobCount"] as? Int == blobs.count)
            var bytes = 0
            var rows = 0
            for blob in blobs {
                let name = try #require(blob["blobName"] as? String)
                let file = try Data(contentsOf: folder.url(name))
                #expect(blob["byteCount"] as? Int == file.count)
                let table = try FixtureCSVTestReader.parse(file)
                #expect(blob["dataRowCount"] as? Int == table.rows.count)
                bytes += file.count
                rows += table.rows.count
            }
            #expect(manifest["byteCount"] as? Int == bytes)
            #expect(manifest["dataRowCount"] as? Int == rows)
            let runInfo = try #require(manifest["runInfo"] as? [String: Any])
            #expect((runInfo["startDate"] as? String)?.hasSuffix("Z") == false)
        }
        #expect(folder.summary.actualRows == Self.small.rows)
    }

    @Test func transactionsOfEachInvoiceSumToItsSubTotal() throws {
        let folder = try GeneratedFixtureFolder(options: Self.small)
        let invoices = try String(contentsOf: folder.url("invoices.json"), encoding: .utf8)
        var maxPages = 0
        for invoice in folder.summary.invoices {
            var name: String? = "transactions/\(invoice.invoiceName).json"
            var subTotal = Amount.zero
            var count = 0
            var pages = 0
            while let page = name {
                let text = try String(contentsOf: folder.url(page), encoding: .utf8)
                let subTotals = try FixtureJSONTextScan.amounts(of: "subTotal", in: text)
                let taxes = try FixtureJSONTextScan.amounts(of: "tax", in: text)
                let totals = try FixtureJSONTextScan.amounts(of: "transactionAmount", in: text)
                #expect(subTotals.count == taxes.count && taxes.count == totals.count)
                for index in subTotals.indices { #expect(subTotals[index] + taxes[index] == totals[index]) }
                subTotal = subTotals.reduce(subTotal, +)
                count += subTotals.count
                pages += 1
                name = FixtureJSONTextScan.nextPage(in: text, invoice: invoice.invoiceName)
            }
            let pageSize = Self.small.transactionsPerPage
            #expect(pages == max(1, (count + pageSize - 1) / pageSize))
            maxPages = max(maxPages, pages)
            #expect(count == invoice.transactionCount)
            #expect(subTotal == invoice.subTotal)
            let header = try #require(FixtureJSONTextScan.invoiceSection(invoice.invoiceName, in: invoices))
            #expect(try FixtureJSONTextScan.amounts(of: "subTotal", in: header) == [invoice.subTotal])
            #expect(try FixtureJSONTextScan.amounts(of: "billedAmount", in: header) == [invoice.subTotal])
        }
        #expect(maxPages > 1)
    }

    /// Re-reads the actual export with an independent CSV reader and recomputes the totals.
    @Test func independentTotalsMatchTheSummary() throws {
        let folder = try GeneratedFixtureFolder(options: Self.small)
        let run = try #require(folder.summary.exports.first { $0.type == "ActualCost" && !$0.superseded })
        let runFolder = run.folder + "/"
        var byCurrency: [String: Amount] = [:]
        var byInvoice: [String: Amount] = [:]
        var allocation = Amount.zero
        var allocationRows = 0
        var scientific = 0
        for part in try folder.files().filter({ $0.hasPrefix(runFolder) && $0.hasSuffix(".csv") }) {
            let table = try FixtureCSVTestReader.parse(try Data(contentsOf: folder.url(part)))
            #expect(table.header.count == 65)
            #expect(table.header.first == "invoiceId" && table.header.last == "provider")
            let cost = try #require(table.header.firstIndex(of: "costInBillingCurrency"))
            let currency = try #require(table.header.firstIndex(of: "billingCurrency"))
            let invoice = try #require(table.header.firstIndex(of: "invoiceId"))
            let rule = try #require(table.header.firstIndex(of: "costAllocationRuleName"))
            for row in table.rows {
                #expect(row.count == 65)
                let value = try Amount.parse(row[cost])
                if row[cost].contains("E-") { scientific += 1 }
                byCurrency[row[currency], default: .zero] += value
                if row[rule].isEmpty {
                    byInvoice[row[invoice], default: .zero] += value
                } else {
                    allocation += value
                    allocationRows += 1
                }
            }
        }
        #expect(allocation == .zero)
        #expect(allocationRows == folder.summary.costAllocationRows)
        #expect(scientific > 0)
        for total in folder.summary.totals { #expect(byCurrency[total.currency.code] == total.actual) }
        for invoice in folder.summary.invoices { #expect(byInvoice[invoice.invoiceName] == invoice.computedCost) }
        let kinds = Set(folder.summary.plantedDifferences.map(\.kind))
        #expect(kinds.count == 9)
    }

    @Test func gzipPartsAreGzipStreams() throws {
        var options = Self.small
        options.gzip = true
        let folder = try GeneratedFixtureFolder(options: options)
        let parts = try folder.files().filter { $0.hasSuffix(".csv.gz") }
        #expect(parts.count >= 4)
        for part in parts {
            let data = try Data(contentsOf: folder.url(part))
            #expect(data.prefix(2) == Data([0x1F, 0x8B]))
        }
        #expect(folder.summary.actualRows == options.rows)
    }

    /// Each month has its own invoice numbers, 100 apart per month: September's packs never show
    /// October's ids. October 2026 keeps the bundled fixture's (G118264930, G118264941).
    @Test func eachMonthHasItsOwnInvoiceIds() throws {
        var options = FixtureGenerator.Options()
        let october = try GeneratedFixtureFolder(options: options)
        #expect(october.summary.invoices.map(\.invoiceName) == ["G118264930", "G118264941"])
        options.month = 9
        let september = try GeneratedFixtureFolder(options: options)
        #expect(september.summary.invoices.map(\.invoiceName) == ["G118264830", "G118264841"])
    }

    /// A month's refund rows name the previous month's invoice (`previousInvoiceId`), which a
    /// generated previous month has: November's name October's G118264930 and G118264941.
    /// October 2026 keeps the bundled fixture's (G116151423).
    @Test func refundsNameThePreviousMonthsInvoice() {
        let october = FixtureCompany(seed: 20_261_031, pairsPerDay: 10)
        let november = FixtureCompany(seed: 20_261_031, pairsPerDay: 10, monthsAfterOctober2026: 1)
        #expect(november.profiles.map(\.previousInvoiceName) == october.profiles.map(\.invoiceName))
        #expect(october.profiles.map(\.invoiceName) == ["G118264930", "G118264941"])
        #expect(october.profiles.first?.previousInvoiceName == "G116151423")
    }

    @Test func tooFewRowsIsAnError() {
        #expect(throws: FixtureGenerationError.self) {
            _ = try FixtureGenerator.generate(
                options: FixtureGenerator.Options(rows: 10),
                to: FileManager.default.temporaryDirectory
            )
        }
    }
}

extension FixtureGeneratorTests {
    /// The planted over-invoiced and within-tolerance lines are reported as planted at any size:
    /// at 5,000 rows the within-tolerance line used to be 35.09 against 35.0838, more than a
    /// 35.09 line's allowance (½ cent; 0.01 % is 0.0035), and came out over-invoiced.
    @Test(arguments: [1_300, 5_000, 8_000]) func plantedLinesReconcileAsPlanted(rows: Int) throws {
        let folder = try GeneratedFixtureFolder(options: FixtureGenerator.Options(rows: rows))
        let month = try MonthFolder.discover(root: folder.root.path)
        let lines = try ReconcileRunner.run(month: month, config: ReconcileConfig(), reject: { _ in }).reconciliation
            .lines
        for (kind, status) in [("within-tolerance", VarianceStatus.withinTolerance), ("over-invoiced", .overInvoiced)] {
            let detail = try #require(folder.summary.plantedDifferences.first { $0.kind == kind }?.detail)
            // "… section `S`, line (`Azure plan`, `family`, `meter`) …": the meter level's key is S|meter.
            let quoted = detail.split(separator: "`", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 1 }.map { String($0.element) }
            let key = quoted[1] + "|" + quoted[4]
            let line = try #require(lines.first { $0.level == .meter && $0.key == key }, "\(kind) \(key)")
            #expect(
                line.status == status,
                "\(rows) rows, \(kind): \(key) \(line.invoiced) against \(line.computed), allowance \(line.tolerance)"
            )
        }
    }
}

extension FixtureGeneratorTests {
    /// The README's overcharge (planted difference 8) names a currency's cost rows only when cost
    /// rows of that currency use the meter, at the price it states; re-read with an independent CSV
    /// reader. (The bundled month's B2ms meter is used by USD resources only: 31 actual rows at
    /// 0.077376 per hour against 7.1978 per 100 hours, all USD; the GBP price sheet lists it at
    /// 5.661 per 100 hours, but no GBP cost row uses it.)
    @Test(arguments: [FixtureGeneratorTests.small, FixtureGenerator.Options()])
    func theOverchargeNamesOnlyCurrenciesWhoseRowsUseTheMeter(options: FixtureGenerator.Options) throws {
        let folder = try GeneratedFixtureFolder(options: options)
        let planted = try #require(folder.summary.plantedDifferences.first { $0.kind == "overcharge" })
        let meterId = try #require(planted.detail.firstMatch(of: /\(`([0-9a-f-]{36})`/)).1
        var stated: [String: String] = [:]
        for match in planted.detail.matches(of: /([A-Z]{3}): cost rows ([0-9.]+) per/) {
            stated[String(match.1)] = String(match.2)
        }
        let run = try #require(folder.summary.exports.first { $0.type == "ActualCost" && !$0.superseded })
        var used: [String: Set<String>] = [:]
        for part in try folder.files().filter({ $0.hasPrefix(run.folder + "/") && $0.hasSuffix(".csv") }) {
            let table = try FixtureCSVTestReader.parse(try Data(contentsOf: folder.url(part)))
            let meter = try #require(table.header.firstIndex(of: "meterId"))
            let currency = try #require(table.header.firstIndex(of: "billingCurrency"))
            let price = try #require(table.header.firstIndex(of: "effectivePrice"))
            for row in table.rows where row[meter] == meterId { used[row[currency], default: []].insert(row[price]) }
        }
        #expect(!stated.isEmpty)
        #expect(Set(stated.keys) == Set(used.keys), "\(planted.detail)")
        for (code, price) in stated { #expect(used[code] == [price]) }
        for code in Set(["USD", "GBP"]).subtracting(used.keys) {
            #expect(planted.detail.contains("no \(code) cost row uses the meter"))
        }
    }
}
