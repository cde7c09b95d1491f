import Foundation
import Testing

@testable import ReckonKit

/// Header detection for every dataset layout, with headers taken from the FinOps toolkit's export
/// schemas (the column lists Microsoft's exports write) and from azure-formats.md §1.1.
@Suite struct CostSchemaTests {
    /// The sink column names of a toolkit export schema, in order.
    static func columns(ofSchema name: String) throws -> [String] {
        let data = try Data(
            contentsOf: URL(fileURLWithPath: Fixtures.path("realdata/finops-toolkit/export-schemas/\(name).json"))
        )
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let translator = try #require(root["translator"] as? [String: Any])
        let mappings = try #require(translator["mappings"] as? [[String: Any]])
        return try mappings.map { mapping in
            let sink = try #require(mapping["sink"] as? [String: Any])
            return try #require(sink["name"] as? String)
        }
    }

    @Test(arguments: [
        ("actualcost_c360-2025-04", DatasetKind.eaLegacy, "c360"), ("amortizedcost_c360-2025-04", .eaLegacy, "c360"),
        ("focuscost_1.0-preview(v1)", .focus, "1.0 (Microsoft)"), ("focuscost_1.0", .focus, "1.0 (Microsoft)"),
        ("focuscost_1.0r2", .focus, "1.0 (Microsoft)"), ("focuscost_1.2-preview", .focus, "1.2 (Microsoft)"),
        ("focuscost_1.2", .focus, "1.2 (Microsoft)"),
    ]) func detectsTheToolkitExportSchemas(name: String, kind: DatasetKind, version: String) throws {
        let schema = try CostSchema.detect(headerNames: try CostSchemaTests.columns(ofSchema: name), file: name)
        #expect(schema.kind == kind)
        #expect(schema.version == version)
        if kind == .focus {
            #expect(schema.index(of: .billedCost) != nil && schema.index(of: .effectiveCost) != nil)
            #expect(schema.index(of: .invoiceSectionName) != nil)
            #expect(schema.periodEndIsExclusive)
        } else {
            #expect(schema.index(of: .cost) != nil)
        }
        #expect(schema.index(of: .date) != nil)
        #expect(schema.index(of: .subscriptionId) != nil)
    }

    /// FOCUS 1.2 renamed x_InvoiceId to InvoiceId and x_SkuMeterName to SkuMeter; both must map.
    @Test func readsBothFOCUSNamings() throws {
        let v10 = try CostSchema.detect(
            headerNames: try CostSchemaTests.columns(ofSchema: "focuscost_1.0"),
            file: "1.0"
        )
        let v12 = try CostSchema.detect(
            headerNames: try CostSchemaTests.columns(ofSchema: "focuscost_1.2"),
            file: "1.2"
        )
        #expect(v10.headerName(of: .invoiceId) == "x_InvoiceId")
        #expect(v12.headerName(of: .invoiceId) == "InvoiceId")
        #expect(v10.headerName(of: .meterName) == "x_SkuMeterName")
        #expect(v12.headerName(of: .meterName) == "SkuMeter")
        // Microsoft FOCUS: BillingAccountId is the billing profile; the real account is x_BillingAccountId.
        #expect(v12.headerName(of: .billingAccountId) == "x_BillingAccountId")
    }

    /// The MCA header (with the BOM already stripped by the reader) and the EA export headers from
    /// azure-formats.md §1.1; names match case-insensitively.
    @Test func detectsMCAAndEAExportHeaders() throws {
        let mca =
            "invoiceId,previousInvoiceId,billingAccountId,billingAccountName,billingProfileId,billingProfileName,invoiceSectionId,invoiceSectionName,resellerName,resellerMpnId,costCenter,billingPeriodEndDate,billingPeriodStartDate,servicePeriodEndDate,servicePeriodStartDate,date,serviceFamily,productOrderId,productOrderName,consumedService,meterId,meterName,meterCategory,meterSubCategory,meterRegion,ProductId,ProductName,SubscriptionId,subscriptionName,publisherType,publisherId,publisherName,resourceGroupName,ResourceId,resourceLocation,location,effectivePrice,quantity,unitOfMeasure,chargeType,billingCurrency,pricingCurrency,costInBillingCurrency,costInPricingCurrency,costInUsd,paygCostInBillingCurrency,paygCostInUsd,exchangeRatePricingToBilling,exchangeRateDate,isAzureCreditEligible,serviceInfo1,serviceInfo2,additionalInfo,tags,PayGPrice,frequency,term,reservationId,reservationName,pricingModel,unitPrice,costAllocationRuleName,benefitId,benefitName,provider"
            .split(separator: ",").map(String.init)
        #expect(mca.count == 65)
        let schema = try CostSchema.detect(headerNames: mca, file: "mca")
        #expect(schema.kind == .mca)
        #expect(schema.headerName(of: .cost) == "costInBillingCurrency")
        #expect(schema.headerName(of: .resourceGroup) == "resourceGroupName")
        // MCA has both resourceLocation and location; the first alias wins.
        #expect(schema.headerName(of: .resourceLocation) == "resourceLocation")

        let ea2024 = [
            "InvoiceSectionName", "AccountName", "AccountOwnerId", "AccountId", "SubscriptionId", "ResourceGroup",
            "Date", "ProductName", "CostInBillingCurrency", "BillingCurrencyCode", "ResourceLocationNormalized",
        ]
        let detected = try CostSchema.detect(headerNames: ea2024, file: "ea")
        #expect(detected.kind == .eaExport)
        #expect(detected.version == "2024-08-01")
        #expect(detected.headerName(of: .billingCurrency) == "BillingCurrencyCode")
        #expect(detected.headerName(of: .productName) == "ProductName")

        let upper = try CostSchema.detect(headerNames: mca.map { $0.uppercased() }, file: "upper")
        #expect(upper.kind == .mca)
    }

    @Test func everyColumnHasAName() {
        #expect(CostColumn.names.count == CostColumn.allCases.count)
        #expect(Set(CostColumn.allCases.flatMap(\.aliases)).count == CostColumn.allCases.flatMap(\.aliases).count)
    }

    @Test func anEAHeaderWithoutACurrencyColumnIsRejected() {
        #expect { _ = try CostSchema.detect(headerNames: ["Date", "Cost", "MeterId"], file: "x.csv") } throws: {
            error in
            (error as? IngestError)?.problem
                == "the EA (legacy c360) header has no billingCurrency column; every cost row needs it"
        }
    }
}

@Suite struct LowerASCIITests {
    /// A second method: byte by byte, only `A`–`Z` change; UTF-8 bytes (0x80 and up, whose low
    /// seven bits can look like letters) and everything else stay.
    @Test(arguments: [0, 1, 7, 8, 9, 15, 16, 17, 63, 200]) func lowersOnlyASCIICapitals(length: Int) {
        var generator = SplitMix(seed: UInt64(length) + 5)
        for _ in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let expected = bytes.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            var target = [UInt8](repeating: 0, count: length)
            bytes.withUnsafeBytes { source in
                target.withUnsafeMutableBytes { CostRowDecoder.lowerASCII(source, into: $0.baseAddress!) }
            }
            #expect(target == expected)
        }
        var all = [UInt8](repeating: 0, count: 256)
        let every = (0...255).map { UInt8($0) }
        every.withUnsafeBytes { source in
            all.withUnsafeMutableBytes { CostRowDecoder.lowerASCII(source, into: $0.baseAddress!) }
        }
        #expect(all == every.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
    }
}

@Suite struct ByteEqualityTests {
    /// The inline compare against Swift's `==` on arrays: every length from 0 to 80 (each word
    /// path and `memcmp` past 32), equal runs, and runs that differ in one byte at each position,
    /// with the runs at odd offsets so no load is aligned.
    @Test func inlineCompareAgreesWithArrayEquality() {
        for length in 0...80 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            let left = [0x55] + bytes
            for position in -1..<length {
                var other = bytes
                if position >= 0 { other[position] ^= 0x01 }
                let right = [0xAA, 0x33] + other
                let same = left.withUnsafeBytes { a in
                    right.withUnsafeBytes { b in StringPool.same(a.baseAddress! + 1, b.baseAddress! + 2, count: length)
                    }
                }
                #expect(same == (bytes == other), "length \(length), changed byte \(position)")
            }
        }
    }
}

@Suite struct PoolHashTests {
    /// Values that differ in one byte, at every position of every length up to 200 (the word loop,
    /// the four-lane loop from 64 bytes, their tails), hash differently; and 20,000 tag-like values
    /// that share long prefixes spread over the low bits the pool's slots use.
    @Test func oneChangedByteChangesTheHashAndSlotsSpread() {
        for length in 1...200 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            let original = bytes.withUnsafeBytes { StringPool.hash($0) }
            var seen: Set<UInt64> = [original]
            for position in 0..<length {
                var other = bytes
                other[position] ^= 0x20
                seen.insert(other.withUnsafeBytes { StringPool.hash($0) })
            }
            #expect(seen.count == length + 1, "length \(length)")
        }
        var buckets = [Int](repeating: 0, count: 4096)
        var hashes: Set<UInt64> = []
        for index in 0..<20_000 {
            let text =
                "\"\"env\"\": \"\"prod\"\",\"\"costCenter\"\": \"\"CC-\(index % 97)\"\",\"\"app\"\": \"\"app-\(index)\"\",\"\"owner\"\": \"\"team\"\""
            let hash = Array(text.utf8).withUnsafeBytes { StringPool.hash($0) }
            hashes.insert(hash)
            buckets[Int(truncatingIfNeeded: hash) & 4095] += 1
        }
        #expect(hashes.count == 20_000)
        // About 4.9 a bucket on average; a hash that ignored bytes would pile them up.
        #expect((buckets.max() ?? 0) <= 20)
    }

    /// Two changed bytes against two others: the pairs a 64-bit multiply and xor-shift let cancel
    /// (a top-bit flip reached only two bits of its state), in the word loop and in the lanes; and
    /// every pair of one-bit flips in the first 40 bytes of a 96-byte value hash differently.
    @Test func pairsOfChangedBytesDoNotCancel() {
        func hash(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { StringPool.hash($0) } }
        func flipped(_ bytes: [UInt8], _ flips: [(Int, UInt8)]) -> [UInt8] {
            var copy = bytes
            for (index, mask) in flips { copy[index] ^= mask }
            return copy
        }
        let short = Array("abcdefghijklmnopqrstuvwxyz012345".utf8)
        #expect(hash(flipped(short, [(7, 0x80), (23, 0x80)])) != hash(flipped(short, [(12, 0x01), (20, 0x01)])))
        let long = (0..<96).map { UInt8(0x41 + $0 % 26) }
        #expect(hash(flipped(long, [(7, 0x80), (71, 0x80)])) != hash(flipped(long, [(36, 0x01), (68, 0x01)])))
        var seen: Set<UInt64> = []
        var count = 0
        for first in 0..<40 * 8 {
            for second in (first + 1)..<40 * 8 {
                seen.insert(
                    hash(flipped(long, [(first / 8, 1 << UInt8(first % 8)), (second / 8, 1 << UInt8(second % 8))]))
                )
                count += 1
            }
        }
        #expect(seen.count == count)
    }
}

/// A header without a cost column is left out of a folder scan as another table only when it
/// does not look like cost details; a cost export with its cost column misspelled is an error.
@Suite struct NotCostDataTests {
    @Test(arguments: [
        ("invoiceId,date,billingCurrency,costInBilling,meterId,subscriptionId", false),  // MCA, cost column misspelled
        ("SubscriptionGuid,Date,MeterId,MeterName,Costt", false),  // EA, likewise
        ("meterId,meterName,unitPrice,effectiveStartDate,currencyCode", true),  // a price sheet
        ("subscription_id,cost_center", true),  // a subscription map
        ("month,cost_center,tickets", true),  // a pool's driver table
    ]) func aCostExportWithoutItsCostColumnIsAnError(header: String, notCostData: Bool) {
        #expect {
            _ = try CostSchema.detect(headerNames: header.split(separator: ",").map(String.init), file: "x.csv")
        } throws: { error in (error as? IngestError)?.notCostData == notCostData }
    }
}

/// A header that lacks a column every export of its kind has (renamed or cut in a spreadsheet) is
/// named in a note: the field reads as empty on every row, which moves cost without an error.
@Suite struct MissingColumnTests {
    @Test(arguments: [
        ("chargeType", "chargeType"), ("costAllocationRuleName", "costAllocationRuleName"),
        ("SubscriptionId", "subscriptionId"),
    ]) func aRenamedColumnIsNamed(header: String, column: String) throws {
        let part = Fixtures.path(
            "contoso-2026-10/costdetails/contoso-mca-actual/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv"
        )
        let text = String(decoding: try FileSystem.read(part), as: UTF8.self)
        let lines = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        let names = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(names.contains(header))
        let renamed = names.map { $0 == header ? $0 + "X" : $0 }.joined(separator: ",")
        let file = try Fixtures.temporaryFolder() + "/renamed.csv"
        try Data((renamed + "\n" + lines[1]).utf8).write(to: URL(fileURLWithPath: file))
        let report = try Inspector.inspect(path: file, reject: { _ in })
        #expect(
            report.notes.contains(
                "\(file): the header has no \(column) column (every export of this kind has it; renamed or cut?), so that field is empty on every row"
            ),
            "\(report.notes)"
        )
        let intact = try Inspector.inspect(path: part, reject: { _ in })
        #expect(!intact.notes.contains { $0.contains("the header has no") })
    }

    /// FOCUS files leave out columns freely (the spec's examples do): no note.
    @Test func focusHasNoExpectedColumns() throws {
        let schema = try CostSchema.detect(
            headerNames: ["BilledCost", "ChargePeriodStart", "ChargeCategory"],
            file: "f.csv"
        )
        #expect(schema.missingExpectedColumns.isEmpty)
        let mca = try CostSchema.detect(
            headerNames: ["invoiceId", "date", "billingCurrency", "costInBillingCurrency"],
            file: "m.csv"
        )
        #expect(
            mca.missingExpectedColumns.map(\.description) == [
                "billingProfileId", "invoiceSectionId", "subscriptionId", "resourceGroupName", "meterCategory",
                "chargeType", "pricingModel", "costAllocationRuleName",
            ]
        )
    }
}

/// Numbers with non-zero digits beyond the 18th decimal place are held rounded there, and a note
/// says how many: Microsoft's EA_AmortizedCost_Small.csv has 3 such values among the cost,
/// quantity and effective price columns (Python's csv, counting digits after the 18th).
@Suite struct RoundedValueTests {
    @Test func theRoundedNumbersAreCountedInANote() throws {
        let file = Fixtures.path("realdata/finops-toolkit/test-assets/EA_AmortizedCost_Small.csv")
        let report = try Inspector.inspect(path: file, reject: { _ in })
        #expect(
            report.notes.contains {
                $0.hasPrefix("3 number(s) in \(file) had non-zero digits beyond the 18th decimal place")
            },
            "\(report.notes)"
        )
        let exact = try Inspector.inspect(
            path: Fixtures.path("realdata/finops-toolkit/test-assets/EA_ActualCost_Small.csv"),
            reject: { _ in }
        )
        #expect(!exact.notes.contains { $0.contains("beyond the 18th decimal place") })
        // A rejected row's numbers are not held, so not counted: two rows, one without a currency.
        let rows = try Fixtures.temporaryFolder() + "/rows.csv"
        try Data(
            "invoiceId,date,billingCurrency,costInBillingCurrency\nG1,2026-10-01,USD,1.0000000000000000001\nG1,2026-10-01,,1.0000000000000000001\n"
                .utf8
        )
        .write(to: URL(fileURLWithPath: rows))
        let one = try Inspector.inspect(path: rows, reject: { _ in })
        #expect(one.counts.rejectedTotal == 1)
        #expect(
            one.notes.contains {
                $0.hasPrefix("1 number(s) in \(rows) had non-zero digits beyond the 18th decimal place")
            },
            "\(one.notes)"
        )
    }

    /// Read in byte ranges on several threads, the ranges' counts add up to the one pass's 3.
    @Test(arguments: [(1, Int.max), (2, 4096), (4, 1000), (8, 300)]) func theCountIsTheSameInAnyNumberOfRanges(
        workers: Int,
        minimumRange: Int
    ) throws {
        let plan = try InputDiscovery.costFiles(
            at: Fixtures.path("realdata/finops-toolkit/test-assets/EA_AmortizedCost_Small.csv"),
            metric: nil
        )
        var pool = StringPool()
        let ingest = ParallelIngest(options: IngestOptions(), workers: workers, minimumRange: minimumRange)
        let (reads, errors): ([FileRead<InspectSink>?], [Int: IngestError]) = try ingest.read(
            plan: plan,
            pool: &pool,
            makeSink: { InspectSink() },
            reject: { _ in }
        )
        #expect(errors.isEmpty)
        let read = try #require(reads.first ?? nil)
        #expect(read.result.roundedValues == 3)
        #expect(read.result.counts.read > 1)
    }
}

/// Headers that name a column twice, or under two of its names.
@Suite struct AmbiguousColumnTests {
    /// The header of the bundled MCA export (65 columns), as names.
    static func mcaHeader() throws -> [String] {
        let part = Fixtures.path("contoso-2026-10/costdetails/\(ExportFolderTests.amortized)/part_0_0001.csv")
        let text = try String(contentsOfFile: part, encoding: .utf8)
        return try #require(text.split(separator: "\n", maxSplits: 1).first)
            .trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\u{FEFF}", with: "")
            .split(separator: ",").map(String.init)
    }

    /// A name given twice in another case, or a value column under two of its names: the first is
    /// read, as before, and a note names both by position and name.
    @Test(arguments: [
        (
            "costinbillingcurrency", "costInBillingCurrency",
            "the header names costInBillingCurrency twice (column 43 costInBillingCurrency and column 66 costinbillingcurrency): column 43 costInBillingCurrency is read, column 66 costinbillingcurrency is not"
        ),
        (
            "Cost", "costInBillingCurrency",
            "column 43 costInBillingCurrency and column 66 Cost both name costInBillingCurrency: column 43 costInBillingCurrency is read, column 66 Cost is not"
        ),
        (
            "BillingCurrencyCode", "billingCurrency",
            "column 41 billingCurrency and column 66 BillingCurrencyCode both name billingCurrency: column 41 billingCurrency is read, column 66 BillingCurrencyCode is not"
        ),
        (
            "UsageDate", "date",
            "column 16 date and column 66 UsageDate both name date: column 16 date is read, column 66 UsageDate is not"
        ),
        (
            "tags", "tags",
            "the header names tags twice (column 54 tags and column 66 tags): column 54 tags is read, column 66 tags is not"
        ),
    ]) func aSecondNameForAColumnIsNamedInANote(extra: String, read: String, note: String) throws {
        let header = try AmbiguousColumnTests.mcaHeader() + [extra]
        let schema = try CostSchema.detect(headerNames: header, file: "extra.csv")
        let column = try #require(CostColumn.allCases.first { $0.description == read })
        #expect(schema.headerName(of: column) == read)
        #expect(schema.ambiguousColumns == [note])
    }

    /// The note reaches every stage's notes, reconcile's among them (its one list of reading notes).
    @Test func theNoteIsAmongReconcilesNotes() throws {
        let part = Fixtures.path("contoso-2026-10/costdetails/\(ExportFolderTests.amortized)/part_0_0001.csv")
        let lines = try String(contentsOfFile: part, encoding: .utf8).split(separator: "\n", maxSplits: 2)
        let path = try Fixtures.temporaryFolder() + "/extra-actual.csv"
        try (lines[0] + ",Cost\n" + lines[1] + ",1000\n").write(toFile: path, atomically: true, encoding: .utf8)
        let month = try MonthFolder.discover(root: nil, overrides: MonthFolder.Overrides(costDetails: path))
        let run = try ReconcileRunner.run(month: month, config: ReconcileConfig(), reject: { _ in })
        #expect(
            run.reconciliation.notes.contains {
                $0.hasSuffix(
                    "column 43 costInBillingCurrency and column 66 Cost both name costInBillingCurrency: column 43 costInBillingCurrency is read, column 66 Cost is not"
                )
            },
            "\(run.reconciliation.notes)"
        )
    }

    /// A column every row needs, named twice with exactly the same name (one of them renamed by
    /// hand): the file cannot be read, whichever of the two was meant.
    @Test(arguments: [
        ("meterName", "costInBillingCurrency", 22, 43), ("pricingCurrency", "billingCurrency", 41, 42),
        ("exchangeRateDate", "date", 16, 49),
    ]) func aNeededColumnNamedTwiceIsAnError(renamed: String, to name: String, first: Int, second: Int) throws {
        let header = try AmbiguousColumnTests.mcaHeader().map { $0 == renamed ? name : $0 }
        #expect { _ = try CostSchema.detect(headerNames: header, file: "dupcol.csv") } throws: { error in
            let ingest = error as? IngestError
            return ingest?.line == 1 && ingest?.notCostData == false
                && ingest?.problem
                    == "the header names \(name) twice (column \(first) \(name) and column \(second) \(name)): which of the two holds each row's value cannot be told; rename or remove one"
        }
    }

    /// Real headers carry two names of some key columns (MCA resourceLocation and location,
    /// Microsoft FOCUS BillingAccountId and x_BillingAccountId, RegionId and RegionName): no
    /// header of a real export or sample, nor of the toolkit's export schemas, gets a note.
    @Test func noRealHeaderIsAmbiguous() throws {
        var headers: [(String, [String])] = []
        for name in [
            "actualcost_c360-2025-04", "amortizedcost_c360-2025-04", "focuscost_1.0-preview(v1)", "focuscost_1.0",
            "focuscost_1.0r2", "focuscost_1.2-preview", "focuscost_1.2",
        ] { headers.append((name, try CostSchemaTests.columns(ofSchema: name))) }
        let files = try FileManager.default.subpathsOfDirectory(atPath: Fixtures.root)
            .filter { name in
                !name.hasPrefix("expected/")
                    && (name.hasSuffix(".csv") || name.hasSuffix(".csv.gz")
                        || name.hasPrefix("realdata/azure-rest-api-specs/consumption") && name.contains("UsageDetails"))
            }
        for name in files.sorted() {
            let path = Fixtures.path(name)
            let source: any ByteSource
            if name.hasSuffix(".gz") {
                source = try GzipByteSource(path: path)
            } else if name.hasSuffix(".json") {
                source = MemoryByteSource(try UsageDetailsJSON.csv(at: path, file: name))
            } else {
                source = try FileByteSource(path: path)
            }
            let reader = CSVReader(source: source)
            guard try reader.next() else { continue }
            headers.append((name, (0..<reader.fieldCount).map { reader.string($0) }))
        }
        var costHeaders = 0
        for (name, header) in headers {
            guard let schema = try? CostSchema.detect(headerNames: header, file: name) else { continue }
            costHeaders += 1
            #expect(schema.ambiguousColumns == [], "\(name)")
        }
        // The toolkit's 7 schemas, the 3 EA test assets, the EA export, FOCUS sample and 25 spec
        // examples, 3 contoso partitions, the bad-rows files and the usage-details page.
        #expect(costHeaders >= 40, "\(costHeaders)")
    }

    /// The trial's files: inspect says which column it read; reading goes on as before.
    @Test func inspectNamesBothColumns() throws {
        let folder = try Fixtures.temporaryFolder()
        let source = try String(
            contentsOfFile: Fixtures.path("contoso-2026-10/costdetails/\(ExportFolderTests.amortized)/part_0_0001.csv"),
            encoding: .utf8
        )
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        // The header gains a lower-case copy of the cost column; each row its cost again.
        var out = [lines[0] + ",costinbillingcurrency"]
        for line in lines.dropFirst().prefix(20) where !line.isEmpty { out.append(line + ",0") }
        try Data((out.joined(separator: "\n") + "\n").utf8).write(to: URL(fileURLWithPath: folder + "/casecoll.csv"))
        let report = try Inspector.inspect(path: folder, reject: { _ in })
        #expect(
            report.notes.contains(
                "casecoll.csv: the header names costInBillingCurrency twice (column 43 costInBillingCurrency and column 66 costinbillingcurrency): column 43 costInBillingCurrency is read, column 66 costinbillingcurrency is not"
            ),
            "\(report.notes)"
        )
        #expect(report.counts.read == 20)
        #expect(report.counts.rejectedTotal == 0)
    }
}
