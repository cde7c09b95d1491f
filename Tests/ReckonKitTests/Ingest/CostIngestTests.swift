import Foundation
import Testing

@testable import ReckonKit

/// Reads one file with an ``InspectSink`` and returns what inspect would show, plus the rejects.
func inspectFile(_ relative: String, metric: CostMetric? = nil, strict: Bool = false) throws -> (
    FileInspection, [RejectedRow]
) {
    var rejects: [RejectedRow] = []
    let report = try Inspector.inspect(
        path: Fixtures.path(relative),
        metric: metric,
        options: IngestOptions(strict: strict),
        reject: { rejects.append($0) }
    )
    let file = try #require(report.files.first)
    return (file, rejects)
}

@Suite struct CostIngestTests {
    @Test func plantedBadRowsAreEachRejectedWithTheirLineAndColumn() throws {
        let (file, rejects) = try inspectFile("bad-rows/mca-planted-errors.csv")
        #expect(file.kind == .mca)
        #expect(file.counts.read == 10)
        #expect(file.counts.used == 5)
        #expect(file.counts.filteredTotal == 1)
        #expect(file.counts.rejectedTotal == 4)
        #expect(file.counts.balances)
        #expect(rejects.map(\.line) == [4, 5, 6, 13])
        #expect(rejects.map(\.column) == [nil, "costInBillingCurrency", "date", nil])
        #expect(rejects[0].reason == "expected 65 fields (as in the header), found 64")
        #expect(rejects[1].reason.hasPrefix("'12,34' is not a number"))
        #expect(rejects[2].reason.hasPrefix("'31/10/2026' is not a date"))
        #expect(rejects[3].reason.hasPrefix("a quoted field is never closed"))
        // Σ of the used rows by Python's decimal: 0.4315000072922557592391990000 (see the fixture README).
        let usd = try #require(file.totals.first)
        #expect(usd.billedCost?.description == "0.431500007292255759")
        #expect(usd.costAllocationNet?.description == "3.5")
    }

    /// A rejected row's `raw` is the record as it stands in the file, even after its quoted
    /// fields were read (and unescaped in place) before a later field failed to decode.
    @Test func rejectedRowsKeepTheirTextAsInTheFile() throws {
        let (_, rejects) = try inspectFile("bad-rows/mca-planted-errors.csv")
        let bytes = try FileSystem.read(Fixtures.path("bad-rows/mca-planted-errors.csv"))
        let lines = String(decoding: bytes.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")
        // Lines 5 and 6 fail on a value after their tags (with doubled quotes) were read.
        for reject in rejects where reject.line != 13 {
            #expect(reject.raw == lines[reject.line - 1], "line \(reject.line)")
        }
    }

    @Test func strictModeStopsAtTheFirstBadRow() throws {
        #expect { _ = try inspectFile("bad-rows/mca-planted-errors.csv", strict: true) } throws: { error in
            let ingest = error as? IngestError
            return ingest?.line == 4 && ingest?.problem.contains("found 64") == true
        }
    }

    /// The blobs of a Cost Details report joined with `cat`, each with its byte-order mark and
    /// header (as azure-formats.md §5.3 says to download them): the second header is filtered with
    /// its reason, never rejected, and the rows of both count. Microsoft's 11-row sample twice:
    /// Python's decimal sums one copy's cost to 8.5450077867419368.
    @Test(arguments: [false, true]) func joinedFilesWithTheirOwnHeadersAreReadWhole(strict: Bool) throws {
        let sample = try FileSystem.read(Fixtures.path("realdata/finops-toolkit/test-assets/EA_ActualCost_Small.csv"))
        #expect(sample.starts(with: [0xEF, 0xBB, 0xBF]))
        let path = try Fixtures.temporaryFolder() + "/joined-actual.csv"
        try Data(sample + sample).write(to: URL(fileURLWithPath: path))
        var rejects: [RejectedRow] = []
        let report = try Inspector.inspect(
            path: path,
            options: IngestOptions(strict: strict),
            reject: { rejects.append($0) }
        )
        let file = try #require(report.files.first)
        #expect(rejects.isEmpty)
        #expect(file.counts.read == 23)
        #expect(file.counts.used == 22)
        #expect(file.counts.filtered == [FilterReason.repeatedHeader: 1])
        #expect(file.totals.first?.billedCost?.description == "17.0900155734838736")
    }

    /// A NULL number is named as NULL, not as an empty value.
    @Test(arguments: [("", "the value is empty; expected a number"), ("NULL", "the value is NULL; expected a number")])
    func aMissingCostSaysWhatWasFound(cost: String, reason: String) throws {
        let path = try Fixtures.temporaryFolder() + "/n-actual.csv"
        try Data("invoiceId,date,billingCurrency,costInBillingCurrency\nG1,10/05/2026,USD,\(cost)\n".utf8)
            .write(to: URL(fileURLWithPath: path))
        var rejects: [RejectedRow] = []
        _ = try Inspector.inspect(path: path, reject: { rejects.append($0) })
        #expect(rejects.map(\.reason) == [reason])
        #expect(rejects.map(\.column) == ["costInBillingCurrency"])
    }

    @Test func gzipIsReadLikePlainText() throws {
        let (file, rejects) = try inspectFile("bad-rows/mca-clean.csv.gz")
        #expect(file.compressed)
        #expect(rejects.isEmpty)
        #expect(file.counts.used == 2000)
        #expect(file.totals.first?.billedCost?.description == "999")
    }

    /// A byte after a closing quote is rejected with the column it is in, from the header.
    @Test func textAfterAClosingQuoteNamesTheColumn() throws {
        let path = try Fixtures.temporaryFolder() + "/q-actual.csv"
        try Data(
            "invoiceId,date,billingCurrency,costInBillingCurrency,meterId\nG1,10/05/2026,USD,\"1.5\"x,m1\nG1,10/05/2026,USD,2,m1\n"
                .utf8
        )
        .write(to: URL(fileURLWithPath: path))
        var rejects: [RejectedRow] = []
        let report = try Inspector.inspect(path: path, reject: { rejects.append($0) })
        #expect(report.counts.used == 1)
        #expect(rejects.map(\.line) == [2])
        #expect(rejects.map(\.column) == ["costInBillingCurrency"])
    }

    /// A gzip stream cut short loses an unknown number of rows, so the file is an error naming the
    /// line where the data ends (946 lines, the header's included, decompress before the cut).
    @Test func aTruncatedGzipIsAnErrorNamingWhereTheDataEnds() throws {
        #expect { _ = try inspectFile("bad-rows/mca-truncated.csv.gz") } throws: { error in
            let ingest = error as? IngestError
            return ingest?.line == 947 && ingest?.problem.contains("truncated gzip") == true
                && ingest?.problem
                    .contains(
                        "the file cannot be trusted from here or before (946 line(s) were read up to this point): nothing of it is used; get the file again"
                    ) == true
        }
    }

    /// Real files: row counts and totals computed independently with Python's csv and decimal:
    /// `python3 -c "import csv,decimal; r=list(csv.DictReader(open(F,encoding='utf-8-sig')));
    /// print(len(r), sum(decimal.Decimal(x[COL]) for x in r))"`
    static let realFiles: [(String, DatasetKind, Int, String?, String?)] = [
        ("realdata/finops-toolkit/test-assets/EA_ActualCost_Small.csv", .eaLegacy, 11, "8.5450077867419368", nil),
        ("realdata/finops-toolkit/test-assets/EA_AmortizedCost_Small.csv", .eaLegacy, 28, nil, "16.296932136636644627"),
        ("realdata/finops-toolkit/test-assets/EA_NoRows.csv", .eaLegacy, 0, nil, nil),
        ("realdata/focus-converters/sample-anonymous-ea-export-dataset.csv", .eaExport, 27, "1.26136926505726", nil),
        ("realdata/focus-sample-data/focus_sample.csv", .focus, 1000, "20.52022672899", "14.97651418586"),
    ]

    @Test(arguments: realFiles) func realFilesIngestWithExactTotals(
        path: String,
        kind: DatasetKind,
        rows: Int,
        billed: String?,
        effective: String?
    ) throws {
        let (file, rejects) = try inspectFile(path)
        #expect(file.kind == kind)
        #expect(rejects.isEmpty)
        #expect(file.counts.read == rows)
        #expect(file.counts.used == rows)
        #expect(file.totals.first?.billedCost?.description == billed)
        #expect(file.totals.first?.effectiveCost?.description == effective)
    }

    @Test func theActualAndAmortizedEAFilesAreToldApartByTheirRowsAlone() throws {
        // Copies without "Actual"/"Amortized" in the name, so only the rows can tell.
        let folder = try Fixtures.temporaryFolder()
        let actual = folder + "/a.csv"
        let amortized = folder + "/b.csv"
        try FileSystem.read(Fixtures.path("realdata/finops-toolkit/test-assets/EA_ActualCost_Small.csv"))
            .write(to: actual)
        try FileSystem.read(Fixtures.path("realdata/finops-toolkit/test-assets/EA_AmortizedCost_Small.csv"))
            .write(to: amortized)
        var reader = CostFileReader()
        var sink = InspectSink()
        let first = try reader.read(CostInputFile(path: actual), fileIndex: 0, into: &sink, reject: { _ in })
        #expect(first.metric == .actual)
        #expect(first.metricSource == .rows)
        // The amortized sample has no unused-reservation rows and no purchases: nothing to go on.
        let second = try reader.read(CostInputFile(path: amortized), fileIndex: 1, into: &sink, reject: { _ in })
        #expect(second.metricSource == .assumed)
    }

    /// The FOCUS 1.2 specification examples: every row is used or rejected with a reason. Seven
    /// rows write amounts as `$10,000.00`, which is not a FOCUS number (counted by hand).
    @Test func theFOCUSSpecExamplesAllIngest() throws {
        var rejects: [RejectedRow] = []
        let report = try Inspector.inspect(
            path: Fixtures.path("realdata/focus-spec/v1.2-examples"),
            reject: { rejects.append($0) }
        )
        #expect(report.files.count == 26)
        #expect(report.files.allSatisfy { $0.kind == .focus })
        #expect(report.counts.balances)
        #expect(report.counts.rejectedTotal == 7)
        #expect(rejects.allSatisfy { $0.reason.hasPrefix("'$") })
    }

    @Test func aFileThatIsNotCostDataIsAClearError() throws {
        #expect { _ = try inspectFile("realdata/finops-toolkit/open-data/PricingUnits.csv") } throws: { error in
            (error as? IngestError)?.problem.hasPrefix("this is not a cost-details header") == true
        }
    }
}

extension [UInt8] {
    func write(to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(self)) else {
            throw IngestError(file: path, problem: "cannot write")
        }
    }
}

extension CostIngestTests {
    /// `reckon inspect` of a small MCA file: a header of six columns, then `rows` as written.
    static func inspect(rows: String) throws -> (report: InspectReport, rejected: [RejectedRow]) {
        let path = try Fixtures.temporaryFolder() + "/cost.csv"
        try ("invoiceId,date,meterName,chargeType,costInBillingCurrency,billingCurrency\n" + rows)
            .write(toFile: path, atomically: true, encoding: .utf8)
        var rejected: [RejectedRow] = []
        let report = try Inspector.inspect(path: path, reject: { rejected.append($0) })
        return (report, rejected)
    }

    /// A file that writes its billing currency both `usd` and `USD` has one USD total (2 rows,
    /// 1.25 + 2.50 = 3.75), in the file and in the report: two entries of the same code came out
    /// in an order that changed from run to run.
    @Test func currencyCodesThatDifferInCaseAreOneTotal() throws {
        let (report, _) = try Self.inspect(
            rows: "G1,10/01/2026,D2,Usage,1.25,usd\nG1,10/02/2026,D2,Usage,2.50,USD\nG1,10/02/2026,D2,Usage,4,EUR\n"
        )
        for totals in [try #require(report.files.first).totals, report.totals] {
            #expect(totals.map(\.currency) == ["EUR", "USD"])
            #expect(totals.map(\.rows) == [1, 2])
            #expect(totals.map { $0.billedCost?.description } == ["4", "3.75"])
        }
    }
}

extension CostIngestTests {
    /// A last line short of fields and without a line end is where the file was cut: the reason
    /// says so. A short line elsewhere is only short.
    @Test func aLastLineCutShortSaysTheFileLooksCutOff() throws {
        let (_, rejected) = try Self.inspect(
            rows: "G1,10/01/2026,D2\nG1,10/01/2026,D2,Usage,1.25,USD\nG1,10/02/2026,D2,Us"
        )
        #expect(rejected.map(\.line) == [2, 4])
        #expect(rejected.map { $0.reason.contains("the file looks cut off") } == [false, true])
    }

    /// A lone CR that is not in quotes ends the row, as a line end does (an old Mac file ends its
    /// lines with one): the row before it is short, and its reason says a value holding a line
    /// break must be in quotes. A last row ending at a lone CR is not "cut off"; the
    /// same value in quotes is read whole.
    @Test(arguments: [
        ("G1,10/01/2026,Dis\rk,Usage,1.25,USD\n", [2, 3], ["must be in quotes", ""]),
        ("G1,10/01/2026,D2,Usage\r", [2], ["must be in quotes"]), ("G1,10/01/2026,\"Dis\rk\",Usage,1.25,USD\n", [], []),
    ]) func aLoneCarriageReturnOutsideQuotesEndsTheRow(rows: String, lines: [Int], hints: [String]) throws {
        let (report, rejected) = try Self.inspect(rows: rows)
        #expect(rejected.map(\.line) == lines)
        #expect(rejected.allSatisfy { !$0.reason.contains("cut off") })
        for (reject, hint) in zip(rejected, hints) {
            #expect(
                hint.isEmpty ? !reject.reason.contains("carriage return") : reject.reason.contains(hint),
                "\(reject.reason)"
            )
        }
        #expect(report.counts.used == (lines.isEmpty ? 1 : 0))
    }
}

/// The words of inspect's text report, which a user reads line by line.
@Suite struct InspectTextTests {
    @Test func theLegacyEAKindIsNamedOnceAndOneRowIsSingular() throws {
        let report = try Inspector.inspect(
            path: Fixtures.path("realdata/finops-toolkit/test-assets/EA_ActualCost_Small.csv"),
            reject: { _ in }
        )
        let dataset = try #require(report.text().split(whereSeparator: \.isNewline).first { $0.contains("dataset") })
        #expect(dataset.hasPrefix("  dataset   EA (legacy c360), 55 columns"))
    }

    @Test(arguments: [(1, "1 row untagged"), (2, "2 rows untagged"), (0, "0 rows untagged")])
    func untaggedRowsAreCountedInWords(untagged: Int, words: String) throws {
        var report = try Inspector.inspect(
            path: Fixtures.path("realdata/finops-toolkit/test-assets/EA_ActualCost_Small.csv"),
            reject: { _ in }
        )
        report.files[0].tags.untaggedRows = untagged
        #expect(report.text().contains("; \(words)\n"))
    }

    @Test func filesOutsideTheRunsAreNotCalledCostDataBeforeTheirHeaderIsRead() throws {
        let report = try Inspector.inspect(path: Fixtures.path("contoso-2026-10"), reject: { _ in })
        let text = report.text()
        #expect(
            text.contains(
                "also looked at 3 file(s) outside any export run, to read as cost data if their header is: pricesheet.csv, subscription-map.csv, support-tickets.csv"
            )
        )
        #expect(!text.contains("cost file(s) outside any export run"))
    }

    /// A currency that is not ISO 4217 (a symbol typed into a file) is named: its cost is
    /// totalled apart and rounded as if it had cents.
    @Test func aCurrencyThatIsNotISO4217IsNamed() throws {
        let source = Fixtures.path(
            "contoso-2026-10/costdetails/contoso-mca-actual/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv"
        )
        let text = try String(contentsOfFile: source, encoding: .utf8)
        let path = try Fixtures.temporaryFolder() + "/costs.csv"
        try Data(text.replacingOccurrences(of: ",GBP,", with: ",UK£,").utf8).write(to: URL(fileURLWithPath: path))
        let report = try Inspector.inspect(path: path, reject: { _ in })
        #expect(report.totals.map(\.currency) == ["UK£", "USD"])
        #expect(
            report.notes.contains(
                "'UK£' is not an ISO 4217 currency code (a typo, or a symbol such as US$?): the cost in it is totalled apart and rounded to 2 decimal places"
            )
        )
        let clean = try Inspector.inspect(path: source, reject: { _ in })
        #expect(!clean.notes.contains { $0.contains("ISO 4217") })
    }

    @Test(arguments: [
        ([CurrencyCode("usd"), CurrencyCode("GBP"), CurrencyCode("XXX")], nil),
        (
            [CurrencyCode("US$"), CurrencyCode("XYZ"), CurrencyCode("XYZ"), .unknown],
            "'US$', 'XYZ' are not ISO 4217 currency codes (a typo, or a symbol such as US$?): the cost in each is totalled apart and rounded to 2 decimal places"
        ),
    ]) func unknownCurrencyCodesAreNamedOnceEach(codes: [CurrencyCode], note: String?) {
        #expect(CurrencyCode.unknownCodesNote(codes) == note)
    }
}
