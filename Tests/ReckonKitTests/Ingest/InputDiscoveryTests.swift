import Foundation
import Testing

@testable import ReckonKit

/// What discovery decides before any row is read: the metric a file's name says, and which files
/// of a folder are read, skipped or noted.
@Suite struct InputDiscoveryTests {
    static let eaActual = "realdata/finops-toolkit/test-assets/EA_ActualCost_Small.csv"

    /// The file's own name counts, as whole words; a partition is named by its export's folder;
    /// other folder names never count, nor "actual" inside another word.
    @Test(arguments: [
        ("EA_ActualCost_Small.csv", CostMetric?.some(.actual)), ("EA_AmortizedCost_Small.csv", .amortized),
        ("/data/amortized-vs-actual-review/EA_ActualCost_Small.csv", .actual),
        ("/data/actual/EA_AmortizedCost_Small.csv", .amortized), ("costs-actual.csv", .actual),
        ("costs_amortised.csv.gz", .amortized), ("contosoActualCost.csv", .actual), ("ACTUALCOST_2026-10.csv", .actual),
        ("actual2026.csv", .actual),
        // Capitals run together, and words run together.
        ("EAAmortizedCost.csv", .amortized), ("EAActualCost.csv", .actual), ("amortizedcostexport.csv", .amortized),
        ("monthlyamortized.csv", .amortized), ("actualcostexport.csv", .actual), ("monthlyactualcost.csv", .actual),
        // A name of dots only is a valid file name (it trapped once).
        ("/data/...", nil), ("..", nil), ("/data/contractual-data/costs.csv", nil), ("/data/actual/costs.csv", nil),
        ("/data/amortized/costs.csv", nil), ("factual_report.csv", nil), ("contractual.csv", nil),
        ("amortized-vs-actual.csv", nil), ("costs.csv", nil),
        // Export runs: <export>/<dates>/<run GUID>/part_…, and the legacy <dates>/<export>/<time>/<GUID>/<file>.
        (
            "costdetails/contoso-mca-actual/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv",
            .actual
        ),
        (
            "costdetails/contoso-mca-amortized/20261001-20261031/2aae868b-dfe7-4097-846f-304a36e426c2/part_1_0001.csv.gz",
            .amortized
        ),
        (
            "exports/20261001-20261031/MonthlyAmortizedCost/202611030612/2aae868b-dfe7-4097-846f-304a36e426c2/part_0_0001.csv",
            .amortized
        ),
        ("/data/actual-review/contoso-mca/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv", nil),
        ("contractual/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv", nil),
    ]) func theMetricIsReadFromTheFileOrExportNameAsAWord(path: String, metric: CostMetric?) {
        #expect(InputDiscovery.nameMetric(of: path) == metric)
    }

    /// The trial's case: a file called ActualCost in a folder whose name has both words is actual
    /// whether the file or the folder is given, and "contractual" says nothing.
    @Test func aFolderNameDoesNotDecideTheMetric() throws {
        let root = try Fixtures.temporaryFolder()
        let review = root + "/amortized-vs-actual-review"
        let contractual = root + "/contractual-data"
        for folder in [review, contractual] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(
            atPath: Fixtures.path(InputDiscoveryTests.eaActual),
            toPath: review + "/EA_ActualCost_Small.csv"
        )
        try FileManager.default.copyItem(
            atPath: Fixtures.path(InputDiscoveryTests.eaActual),
            toPath: contractual + "/costs.csv"
        )

        let alone = try Inspector.inspect(path: review + "/EA_ActualCost_Small.csv", reject: { _ in })
        let inFolder = try Inspector.inspect(path: review, reject: { _ in })
        for report in [alone, inFolder] {
            #expect(report.files.map(\.metric) == [.actual])
            #expect(report.files.map(\.metricSource) == [.fileName])
        }
        let plain = try InputDiscovery.costFiles(at: contractual + "/costs.csv", metric: nil)
        #expect(plain.files.map(\.metric) == [nil])
        #expect(plain.files.map(\.metricSource) == [nil])
        // Read, its purchase row says actual: the rows decide, not the folder's name.
        let read = try Inspector.inspect(path: contractual + "/costs.csv", reject: { _ in })
        #expect(read.files.map(\.metricSource) == [.rows])
    }

    /// A price-sheet CSV given alone is inspected as one, as it is in its month folder; another
    /// CSV that is not cost data, given alone, stays an error.
    @Test func aPriceSheetGivenAloneIsInspectedAsOne() throws {
        let report = try Inspector.inspect(path: Fixtures.path("contoso-2026-10/pricesheet.csv"), reject: { _ in })
        #expect(report.files.isEmpty)
        #expect(report.documents.map(\.kind) == [.priceSheetExport])
        #expect(report.documents.map(\.items) == [117])
        #expect(report.counts.read == 117)
        #expect {
            _ = try Inspector.inspect(path: Fixtures.path("contoso-2026-10/subscription-map.csv"), reject: { _ in })
        } throws: { error in (error as? IngestError)?.problem.hasPrefix("this is not a cost-details header") == true }
    }

    static let utf16BOM: [UInt8] = [0xFF, 0xFE]
    static func utf16(_ text: String) -> [UInt8] {
        utf16BOM + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    /// Bytes that are not UTF-8 text are said to be UTF-16 or binary, not echoed; given alone, each
    /// is an error, and a UTF-16 cost export is one in a folder too.
    @Test(
        arguments: [
            (
                utf16("invoiceId,date,billingCurrency,costInBillingCurrency\r\nG1,10/01/2026,USD,1\r\n"),
                "the file is UTF-16 text (save it as UTF-8): a cost-details header, but Reckon reads UTF-8, as Azure writes it"
            ),
            (
                utf16("name,owner\r\nx,y\r\n"),
                "the file is UTF-16 text (save it as UTF-8): expected a CSV header of cost-details column names"
            ),
            (
                Array("name,owner\r\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
                "the file is UTF-16 text (save it as UTF-8): expected a CSV header of cost-details column names"
            ),
            (
                [0x26, 0xB3, 0x7B, 0x70, 0x11, 0x79, 0xE4, 0x68, 0x0A, 0x01],
                "the file is binary, not text: expected a CSV header of cost-details column names"
            ),
            (
                [0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00],
                "the file is binary, not text: expected a CSV header of cost-details column names"
            ),
        ] as [([UInt8], String)]
    ) func aFileThatIsNotTextIsSaidToBeSo(bytes: [UInt8], problem: String) throws {
        let path = try Fixtures.temporaryFolder() + "/costs.csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect { _ = try Inspector.inspect(path: path, reject: { _ in }) } throws: { error in
            (error as? IngestError)?.problem == problem
        }
    }

    /// In a folder, an empty file, a binary one and a UTF-16 table that is not cost data are
    /// skipped with a note each, like a CSV that is not cost data; the cost file is read. Given
    /// alone, the empty file is an error.
    @Test func filesThatAreNotDataAreSkippedInAFolderWithANote() throws {
        let folder = try Fixtures.temporaryFolder()
        try FileManager.default.copyItem(
            atPath: Fixtures.path(InputDiscoveryTests.eaActual),
            toPath: folder + "/costs.csv"
        )
        try Data().write(to: URL(fileURLWithPath: folder + "/empty.csv"))
        try Data([0x26, 0xB3, 0x7B, 0x70, 0x11, 0x79, 0xE4, 0x68, 0x0A, 0x01])
            .write(to: URL(fileURLWithPath: folder + "/binary.csv"))
        try Data(InputDiscoveryTests.utf16("name,owner\r\nx,y\r\n"))
            .write(to: URL(fileURLWithPath: folder + "/owners.csv"))
        try Data("hello world\n".utf8).write(to: URL(fileURLWithPath: folder + "/notcsv.csv"))
        let report = try Inspector.inspect(path: folder, reject: { _ in })
        #expect(report.files.map(\.file) == ["costs.csv"])
        #expect(report.counts.read == 11)
        for note in [
            "skipped empty.csv: the file is empty (0 bytes)", "skipped binary.csv: binary, not text",
            "skipped owners.csv: UTF-16 text (save it as UTF-8)",
            "skipped notcsv.csv: not cost data (its header has no cost column)",
        ] { #expect(report.notes.contains(note), "\(report.notes)") }
        #expect { _ = try Inspector.inspect(path: folder + "/empty.csv", reject: { _ in }) } throws: { error in
            (error as? IngestError)?.problem == "the file is empty: expected a header row of cost-details column names"
        }
    }
}
