import Foundation

/// A file written under a hidden temporary name beside its destination and renamed into place
/// only when it is complete, so a reader (or an interrupted run) never sees half a file under the
/// real name.
struct StagedFile {
    /// Where the file ends up.
    let destination: String
    /// Where it is written first: `.<name>.partial-<pid>-<random>` in the same folder, so the
    /// final rename stays on one file system and is atomic.
    let temporary: String

    /// Plans a staged write of `destination`.
    init(destination: String) {
        self.destination = destination
        self.temporary = StagedFile.sibling(of: destination, suffix: "partial")
    }

    /// A hidden name beside `path`: `.<name>.<suffix>-<pid>-<random>`.
    static func sibling(of path: String, suffix: String) -> String {
        let url = URL(fileURLWithPath: path)
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0..<UInt64.max))"
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(suffix)-\(token)")
            .path
    }

    /// Renames the finished file onto the destination, replacing any file there.
    func commit() throws(RenderError) {
        if rename(temporary, destination) != 0 {
            let reason = String(cString: strerror(errno))
            discard()
            throw RenderError(file: destination, problem: "cannot move the finished file into place: \(reason)")
        }
    }

    /// Removes the temporary file, if any (after a failure).
    func discard() { unlink(temporary) }
}
