import Foundation
import Testing

@testable import ReckonKit

/// Export folders: the run chosen, and what happens when a manifest and its files disagree.
/// Each test works on a fresh copy of the bundled fixture's `costdetails` container.
@Suite struct ExportFolderTests {
    static let latestActual = "contoso-mca-actual/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f"
    static let supersededActual = "contoso-mca-actual/20261001-20261031/8f1d9f05-e107-4d3e-bb70-f5db8255745a"
    static let amortized = "contoso-mca-amortized/20261001-20261031/2aae868b-dfe7-4097-846f-304a36e426c2"

    static func copyOfContainer() throws -> String {
        let target = try Fixtures.temporaryFolder() + "/costdetails"
        try FileManager.default.copyItem(atPath: Fixtures.path("contoso-2026-10/costdetails"), toPath: target)
        return target
    }

    static func editManifest(_ path: String, _ edit: (inout [String: Any]) -> Void) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        edit(&object)
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
    }

    @Test func readsTheLatestCompleteRunOfEachExportAndSaysWhichItSkipped() throws {
        let plan = try InputDiscovery.costFiles(at: Fixtures.path("contoso-2026-10/costdetails"), metric: nil)
        #expect(
            plan.files.map(\.displayName) == [
                "\(ExportFolderTests.latestActual)/part_0_0001.csv", "\(ExportFolderTests.amortized)/part_0_0001.csv",
            ]
        )
        #expect(plan.files.map(\.metric) == [.actual, .amortized])
        #expect(plan.files.map(\.metricSource) == [.manifest, .manifest])
        #expect(plan.files.map(\.expectedRows) == [1300, 1303])
        #expect(
            plan.notes.contains {
                $0.hasPrefix("skipped run \(ExportFolderTests.supersededActual)") && $0.contains("superseded")
            }
        )
    }

    @Test func theFixtureTotalsMatchItsREADME() throws {
        // Expected totals from fixtures/contoso-2026-10/README.md, recomputed there by
        // tools/oracle/costdetails_totals.py (Python csv + decimal).
        let report = try Inspector.inspect(path: Fixtures.path("contoso-2026-10/costdetails"), reject: { _ in })
        #expect(report.counts.read == 2603)
        #expect(report.counts.filteredTotal == 248)
        #expect(report.counts.rejectedTotal == 0)
        let usd = try #require(report.totals.first { $0.currency == "USD" })
        let gbp = try #require(report.totals.first { $0.currency == "GBP" })
        #expect(usd.billedCost?.description == "4059.72")
        #expect(usd.effectiveCost?.description == "3988.454838709677419384")
        #expect(gbp.billedCost?.description == "1217.76")
        #expect(gbp.effectiveCost?.description == "1217.76")
    }

    /// The latest run lost a blob (an interrupted download); the older complete run is the
    /// month-to-date run of 2026-10-01..24 (its manifest), so using it would close the month on 24
    /// of its 31 days: an error, naming both runs and their days.
    @Test func anIncompleteLatestRunIsAnErrorWhenTheOlderCompleteRunCoversFewerDays() throws {
        let container = try ExportFolderTests.copyOfContainer()
        try FileManager.default.removeItem(atPath: "\(container)/\(ExportFolderTests.latestActual)/part_0_0001.csv")
        #expect { _ = try InputDiscovery.costFiles(at: container, metric: nil) } throws: { error in
            let problem = (error as? IngestError)?.problem ?? ""
            return problem.contains(
                "the latest run of contoso-mca-actual (submitted 2026-11-03T06:12:09.5133333Z) is incomplete: \(ExportFolderTests.latestActual)/part_0_0001.csv is missing"
            )
                && problem.contains(
                    "\(ExportFolderTests.supersededActual), covers only 2026-10-01..2026-10-24, the later run 2026-10-01..2026-10-31"
                )
        }
    }

    /// An older complete run over the same days stands in for an incomplete later one, with a note.
    @Test func anOlderCompleteRunOverTheSameDaysIsUsedWhenTheLatestIsIncomplete() throws {
        let container = try ExportFolderTests.copyOfContainer()
        try FileManager.default.removeItem(atPath: "\(container)/\(ExportFolderTests.latestActual)/part_0_0001.csv")
        try ExportFolderTests.editManifest("\(container)/\(ExportFolderTests.supersededActual)/manifest.json") {
            object in
            var run = object["runInfo"] as? [String: Any] ?? [:]
            run["endDate"] = "2026-10-31T00:00:00"
            object["runInfo"] = run
        }
        let plan = try InputDiscovery.costFiles(at: container, metric: nil)
        #expect(plan.files.first?.displayName == "\(ExportFolderTests.supersededActual)/part_0_0001.csv")
        #expect(
            plan.notes.contains {
                $0.contains("incomplete, \(ExportFolderTests.latestActual)/part_0_0001.csv is missing")
            }
        )
    }

    @Test func aBlobWhoseSizeDiffersFromTheManifestMakesTheRunIncomplete() throws {
        let container = try ExportFolderTests.copyOfContainer()
        let part = "\(container)/\(ExportFolderTests.amortized)/part_0_0001.csv"
        let handle = try #require(FileHandle(forWritingAtPath: part))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n".utf8))
        try handle.close()
        #expect { _ = try InputDiscovery.costFiles(at: container, metric: nil) } throws: { error in
            let problem = (error as? IngestError)?.problem ?? ""
            return problem.hasPrefix("no complete run of this export")
                && problem.contains("has 1561922 bytes, the manifest says 1561921")
        }
    }

    @Test func aBlobCountThatDisagreesWithTheBlobListMakesTheRunIncomplete() throws {
        let container = try ExportFolderTests.copyOfContainer()
        try ExportFolderTests.editManifest("\(container)/\(ExportFolderTests.amortized)/manifest.json") {
            $0["blobCount"] = 2
        }
        #expect { _ = try InputDiscovery.costFiles(at: container, metric: nil) } throws: { error in
            (error as? IngestError)?.problem.contains("it says blobCount 2 but lists 1 blobs") == true
        }
    }

    @Test func aRowCountThatDisagreesWithTheFileIsAnErrorNamingTheFile() throws {
        let container = try ExportFolderTests.copyOfContainer()
        try ExportFolderTests.editManifest("\(container)/\(ExportFolderTests.amortized)/manifest.json") { manifest in
            var blobs = manifest["blobs"] as? [[String: Any]] ?? []
            blobs[0]["dataRowCount"] = 1304
            manifest["blobs"] = blobs
        }
        #expect { _ = try Inspector.inspect(path: container, reject: { _ in }) } throws: { error in
            let ingest = error as? IngestError
            return ingest?.file == "\(ExportFolderTests.amortized)/part_0_0001.csv"
                && ingest?.problem.hasPrefix("the export manifest says 1304 data rows, but 1303 were read") == true
        }
    }

    /// A CSV in a run's folder that the manifest does not list is not part of the run: it is not
    /// read, and a note names it.
    @Test func aFileTheManifestDoesNotListIsIgnoredWithANote() throws {
        let container = try ExportFolderTests.copyOfContainer()
        let run = "\(container)/\(ExportFolderTests.amortized)"
        try FileManager.default.copyItem(atPath: run + "/part_0_0001.csv", toPath: run + "/part_2_0001.csv")
        let plan = try InputDiscovery.costFiles(at: container, metric: nil)
        #expect(
            plan.files.map(\.displayName) == [
                "\(ExportFolderTests.latestActual)/part_0_0001.csv", "\(ExportFolderTests.amortized)/part_0_0001.csv",
            ]
        )
        #expect(
            plan.notes.contains(
                "ignored part_2_0001.csv in the folder of export run \(ExportFolderTests.amortized): its manifest does not list it, so it is not part of the run (copied in by hand?)"
            ),
            "\(plan.notes)"
        )
        let report = try Inspector.inspect(path: container, reject: { _ in })
        #expect(report.counts.read == 2603)
    }

    /// A run whose manifest is at the top of the folder given, with another export's run below
    /// it: the other run's files are its own, read, and never called unlisted here.
    @Test func anotherRunBelowARunIsNotUnlisted() throws {
        let container = try ExportFolderTests.copyOfContainer()
        let top = try Fixtures.temporaryFolder() + "/top"
        try FileManager.default.copyItem(atPath: "\(container)/\(ExportFolderTests.latestActual)", toPath: top)
        try FileManager.default.copyItem(
            atPath: "\(container)/contoso-mca-amortized",
            toPath: top + "/contoso-mca-amortized"
        )
        let plan = try InputDiscovery.costFiles(at: top, metric: nil)
        #expect(plan.files.map(\.displayName) == ["part_0_0001.csv", "\(ExportFolderTests.amortized)/part_0_0001.csv"])
        #expect(!plan.notes.contains { $0.hasPrefix("ignored") }, "\(plan.notes)")
    }

    @Test func aManifestThatIsNotJSONIsAClearError() throws {
        let container = try ExportFolderTests.copyOfContainer()
        try Data("{\"blobCount\": 1,".utf8)
            .write(to: URL(fileURLWithPath: "\(container)/\(ExportFolderTests.amortized)/manifest.json"))
        #expect { _ = try InputDiscovery.costFiles(at: container, metric: nil) } throws: { error in
            let ingest = error as? IngestError
            return ingest?.file == "\(ExportFolderTests.amortized)/manifest.json"
                && ingest?.problem.hasPrefix("not valid JSON") == true
        }
    }
}

/// A month folder may link to export files kept elsewhere: sizes are the targets' sizes, so the
/// manifest's byte counts still match.
@Suite struct LinkedExportTests {
    @Test func linkedPartitionsMatchTheirManifest() throws {
        let run = "costdetails/contoso-mca-actual/20261001-20261031/8f1d9f05-e107-4d3e-bb70-f5db8255745a"
        let folder = try Fixtures.temporaryFolder() + "/" + run
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for file in ["manifest.json", "part_0_0001.csv"] {
            try FileManager.default.createSymbolicLink(
                atPath: folder + "/" + file,
                withDestinationPath: Fixtures.path("contoso-2026-10/" + run + "/" + file)
            )
        }
        let plan = try InputDiscovery.costFiles(at: folder, metric: nil)
        #expect(plan.files.map { $0.path.hasSuffix("part_0_0001.csv") } == [true])
        let original =
            try
            FileManager.default.attributesOfItem(atPath: Fixtures.path("contoso-2026-10/" + run + "/part_0_0001.csv"))[
                .size
            ] as? Int
        #expect(plan.bytes == original)
        #expect(plan.bytes > 1000)
    }
}

extension LinkedExportTests {
    /// A linked export folder is walked; a link back up the tree is not walked twice.
    @Test func linkedExportFoldersAreWalkedAndLoopsEnd() throws {
        let month = try Fixtures.temporaryFolder() + "/month"
        try FileManager.default.createDirectory(atPath: month + "/costdetails", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: month + "/costdetails/contoso-mca-actual",
            withDestinationPath: Fixtures.path("contoso-2026-10/costdetails/contoso-mca-actual")
        )
        try FileManager.default.createSymbolicLink(
            atPath: month + "/costdetails/loop",
            withDestinationPath: month + "/costdetails"
        )
        let files = FileSystem.filesRecursively(in: month + "/costdetails")
        #expect(files.filter { $0.hasPrefix("contoso-mca-actual/") && $0.hasSuffix(".csv") }.count == 2)
        #expect(files.allSatisfy { !$0.hasPrefix("loop/") })
        let plan = try InputDiscovery.costFiles(at: month + "/costdetails", metric: nil)
        #expect(plan.files.count == 1)
    }
}
