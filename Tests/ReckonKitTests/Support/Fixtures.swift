import Foundation

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
