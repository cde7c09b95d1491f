import Foundation

/// Writes a set of output files into a temporary folder beside the destination, then publishes
/// them all at once by renaming the folder into place.
///
/// An interrupted run leaves at most a `.<name>.partial-…` folder, never a half-written report set
/// under the real name. A previous folder at the destination is replaced as a whole.
public final class PackWriter: Sendable {
    /// The folder the files are published to.
    public let destination: URL
    /// The temporary folder the files are written to first.
    public let staging: URL

    /// Prepares a staging folder beside `destination`.
    /// - Throws: ``IngestError`` when the parent folder cannot be written.
    public init(destination: String) throws {
        let url = URL(fileURLWithPath: destination).standardizedFileURL
        self.destination = url
        let parent = url.deletingLastPathComponent()
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0..<UInt64.max))"
        self.staging = parent.appendingPathComponent(".\(url.lastPathComponent).partial-\(token)")
        do {
            try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw IngestError(file: parent.path, problem: "cannot create the output folder: \(error.localizedDescription)")
        }
    }

    /// The path of `name` inside the staging folder, for writers that stream.
    /// `name` must be a plain relative path made by Reckon (see ``SafeFileName``), never raw input.
    public func path(_ name: String) throws -> String {
        let url = staging.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url.path
    }

    /// Writes `text` as UTF-8 to `name`.
    public func write(_ name: String, _ text: String) throws {
        try write(name, Data(text.utf8))
    }

    /// Writes `data` to `name`.
    public func write(_ name: String, _ data: Data) throws {
        let target = try path(name)
        do {
            try data.write(to: URL(fileURLWithPath: target))
        } catch {
            throw IngestError(file: target, problem: "cannot write: \(error.localizedDescription)")
        }
    }

    /// The files staged so far, relative and sorted.
    public var stagedFiles: [String] { FileSystem.filesRecursively(in: staging.path) }

    /// Moves the staged folder into place, replacing what was there.
    public func publish() throws {
        let manager = FileManager.default
        var previous: URL?
        if manager.fileExists(atPath: destination.path) {
            let aside = staging.deletingLastPathComponent().appendingPathComponent(staging.lastPathComponent + ".old")
            try manager.moveItem(at: destination, to: aside)
            previous = aside
        }
        do {
            try manager.moveItem(at: staging, to: destination)
        } catch {
            if let previous { try? manager.moveItem(at: previous, to: destination) }
            throw IngestError(file: destination.path, problem: "cannot publish the output folder: \(error.localizedDescription)")
        }
        if let previous { try? manager.removeItem(at: previous) }
    }

    /// Removes the staging folder (after a failure).
    public func discard() {
        try? FileManager.default.removeItem(at: staging)
    }
}
