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

    static func path(_ relative: String) -> String {
        root + "/" + relative
    }

    /// A fresh temporary folder for one test.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "reckon-test-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
