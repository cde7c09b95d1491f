import Foundation
import Testing

@testable import ReckonKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Files read whole (billing documents, manifests, small tables) and files hashed are regular
/// files of a sane size: anything else is an error that says what it is, never a hang or the
/// machine's memory.
@Suite struct FileSystemTests {
    /// An invoice list that is a device, a pipe, a folder or a (sparse) file of 257 MiB is not read,
    /// and the error says what it is; the reconciliation stops at it.
    @Test(arguments: ["device", "pipe", "folder", "huge", "loop"]) func aDocumentThatIsNotASaneFileIsAnError(
        kind: String
    ) throws {
        let month = try Fixtures.temporaryFolder() + "/month"
        try FileManager.default.copyItem(atPath: Fixtures.path("contoso-2026-10"), toPath: month)
        let path = month + "/invoices.json"
        try FileManager.default.removeItem(atPath: path)
        let expected: String
        switch kind {
        case "device":
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/dev/zero")
            expected = "is a device, not a regular file"
        case "pipe":
            #expect(mkfifo(path, 0o600) == 0)
            expected = "is a pipe, not a regular file"
        case "folder":
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
            expected = "is a folder, not a regular file"
        case "loop":
            try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: month + "/loop.json")
            try FileManager.default.createSymbolicLink(atPath: month + "/loop.json", withDestinationPath: path)
            expected = "cannot be looked at (no permission, or a loop of links)"
        default:
            #expect(FileManager.default.createFile(atPath: path, contents: Data("{".utf8)))
            #expect(truncate(path, 257 << 20) == 0)
            expected =
                "is \(257 << 20) bytes, more than a billing document, a manifest or a table read whole holds (at most 256 MiB here)"
        }
        do {
            _ = try FileSystem.read(path)
            Issue.record("read \(kind)")
        } catch { #expect(error.problem.hasPrefix(expected), "\(error.problem)") }
        // (A folder named invoices.json, or a loop of links, is not taken for the file: the month
        // has no invoice list, and the run says so.)
        if kind != "folder" && kind != "loop" {
            do {
                _ = try ReconcileRunner.run(
                    month: try MonthFolder.discover(root: month),
                    config: ReconcileConfig(),
                    reject: { _ in }
                )
                Issue.record("the reconciliation read invoices.json as \(kind)")
            } catch { #expect("\(error)".contains(expected), "\(error)") }
        }
        #expect(throws: IngestError.self) { _ = try FileDigest.of(file: kind == "huge" ? "/dev/zero" : path) }
    }

    /// A pipe in the cost folder, named like a usage-details page or a cost file, is never opened
    /// (opening one waits for a writer): the `.csv` is skipped with a note that says what it is.
    @Test func aPipeAmongTheCostFilesIsSkippedNotOpened() throws {
        let month = try Fixtures.temporaryFolder() + "/month"
        try FileManager.default.copyItem(atPath: Fixtures.path("contoso-2026-10"), toPath: month)
        #expect(mkfifo(month + "/costdetails/extra.json", 0o600) == 0)
        #expect(mkfifo(month + "/costdetails/stream.csv", 0o600) == 0)
        let plan = try InputDiscovery.costFiles(at: month + "/costdetails", metric: nil)
        #expect(plan.notes.contains("skipped stream.csv: a pipe, not a regular file"), "\(plan.notes)")
        #expect(!plan.files.contains { $0.displayName.hasPrefix("stream") || $0.displayName.hasPrefix("extra") })
        let run = try ReconcileRunner.run(
            month: try MonthFolder.discover(root: month),
            config: ReconcileConfig(),
            reject: { _ in }
        )
        #expect(run.counts.read == 1300)
    }
}
