import Foundation
import Testing

/// Golden files: compare a rendered output with the file under `fixtures/expected/<case>/`.
///
/// `RECORD_GOLDEN=1 swift test` rewrites the expected files instead; the review then reads the diff.
enum Golden {
    static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" }

    static func check(_ actual: String, against relative: String, sourceLocation: SourceLocation = #_sourceLocation)
        throws
    {
        let path = Fixtures.path(relative)
        if recording {
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent,
                withIntermediateDirectories: true
            )
            try Data(actual.utf8).write(to: URL(fileURLWithPath: path))
            return
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            Issue.record(
                "no golden file \(relative); run RECORD_GOLDEN=1 swift test to write it",
                sourceLocation: sourceLocation
            )
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let index = Array(zip(a, b)).firstIndex { $0.0 != $0.1 } ?? min(a.count, b.count)
            Issue.record(
                "\(relative) differs at line \(index + 1):\n  expected: \(index < a.count ? String(a[index]) : "<end>")\n  actual:   \(index < b.count ? String(b[index]) : "<end>")\nRECORD_GOLDEN=1 swift test rewrites it.",
                sourceLocation: sourceLocation
            )
        }
    }
}
