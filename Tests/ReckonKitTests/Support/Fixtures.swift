import Foundation

@testable import ReckonKit

/// Paths into the repository's `fixtures/` folder, found from this source file, so tests run from
/// any working directory.
enum Fixtures {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
                return url.appendingPathComponent("fixtures").path
            }
        }
        return "fixtures"
    }()

    static func path(_ relative: String) -> String { root + "/" + relative }

    /// A copy of the bundled month in a fresh temporary folder whose cost files (every CSV under
    /// `costdetails/`) have each `from` replaced by `to`, as bytes: the files start with a
    /// byte-order mark, which a `String` would drop. `from` and `to` must be the same length, so
    /// the export manifests' byte counts still match. Returns the folder and the count replaced.
    static func contosoMonth(replacing from: String, with to: String) throws -> (folder: String, replaced: Int) {
        let (from, to) = (Array(from.utf8), Array(to.utf8))
        precondition(from.count == to.count, "a same-length edit keeps the export manifests' byte counts")
        let folder = try temporaryFolder() + "/contoso-2026-10"
        try FileManager.default.copyItem(atPath: path("contoso-2026-10"), toPath: folder)
        var replaced = 0
        for part in FileSystem.filesRecursively(in: folder + "/costdetails") where part.hasSuffix(".csv") {
            let file = URL(fileURLWithPath: folder + "/costdetails/" + part)
            var bytes = [UInt8](try Data(contentsOf: file))
            var index = 0
            while index + from.count <= bytes.count {
                if bytes[index..<index + from.count].elementsEqual(from) {
                    bytes.replaceSubrange(index..<index + from.count, with: to)
                    replaced += 1
                }
                index += 1
            }
            try Data(bytes).write(to: file)
        }
        return (folder, replaced)
    }

    /// A fresh temporary folder for one test, inside this test run's folder.
    static func temporaryFolder() throws -> String {
        let path = runFolder + "/" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// `<tmp>/reckon-tests/<process id>`: what this run's tests write. It stays after the run, to
    /// look at what a failing test wrote; the first test of a later run removes the folders of
    /// runs whose process has ended, so a few hundred runs do not leave thousands of folders.
    /// (The CLI tests write into the same folder of their own process.)
    static let runFolder: String = {
        let base = NSTemporaryDirectory() + "reckon-tests"
        let mine = getpid()
        for name in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] {
            guard let process = Int32(name), process != mine, kill(process, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(atPath: base + "/" + name)
        }
        return base + "/\(mine)"
    }()
}
