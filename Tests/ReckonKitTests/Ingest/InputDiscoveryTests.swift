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
        ("EA_ActualCost_Small.csv", CostMetric?.some(.actual)),
        ("EA_AmortizedCost_Small.csv", .amortized),
        ("/data/amortized-vs-actual-review/EA_ActualCost_Small.csv", .actual),
        ("/data/actual/EA_AmortizedCost_Small.csv", .amortized),
        ("costs-actual.csv", .actual),
        ("costs_amortised.csv.gz", .amortized),
        ("contosoActualCost.csv", .actual),
        ("ACTUALCOST_2026-10.csv", .actual),
        ("actual2026.csv", .actual),
        ("/data/contractual-data/costs.csv", nil),
        ("/data/actual/costs.csv", nil),
        ("/data/amortized/costs.csv", nil),
        ("factual_report.csv", nil),
        ("contractual.csv", nil),
        ("amortized-vs-actual.csv", nil),
        ("costs.csv", nil),
        // Export runs: <export>/<dates>/<run GUID>/part_…, and the legacy <dates>/<export>/<time>/<GUID>/<file>.
        ("costdetails/contoso-mca-actual/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv", .actual),
        ("costdetails/contoso-mca-amortized/20261001-20261031/2aae868b-dfe7-4097-846f-304a36e426c2/part_1_0001.csv.gz", .amortized),
        ("exports/20261001-20261031/MonthlyAmortizedCost/202611030612/2aae868b-dfe7-4097-846f-304a36e426c2/part_0_0001.csv", .amortized),
        ("/data/actual-review/contoso-mca/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv", nil),
        ("contractual/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv", nil),
    ])
    func theMetricIsReadFromTheFileOrExportNameAsAWord(path: String, metric: CostMetric?) {
        #expect(InputDiscovery.nameMetric(of: path) == metric)
    }

    /// The trial's case: a file called ActualCost in a folder whose name has both words is actual
    /// whether the file or the folder is given, and "contractual" says nothing.
    @Test func aFolderNameDoesNotDecideTheMetric() throws {
        let root = try Fixtures.temporaryFolder()
        let review = root + "/amortized-vs-actual-review"
        let contractual = root + "/contractual-data"
        for folder in [review, contractual] { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        try FileManager.default.copyItem(atPath: Fixtures.path(InputDiscoveryTests.eaActual), toPath: review + "/EA_ActualCost_Small.csv")
        try FileManager.default.copyItem(atPath: Fixtures.path(InputDiscoveryTests.eaActual), toPath: contractual + "/costs.csv")

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
        } throws: { error in
            (error as? IngestError)?.problem.hasPrefix("this is not a cost-details header") == true
        }
    }
}
