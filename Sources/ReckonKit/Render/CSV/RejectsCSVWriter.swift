import Foundation

/// Streams rejected rows to `rejects.csv` (file, line, column, reason, raw) as they are found, so
/// memory stays flat however many rows are bad, and keeps the first hundred for the reports.
///
/// The file is created on the first row; with none, no file is written unless `alwaysCreate`
/// (``removeStale()`` then removes an earlier run's file at the path).
public final class RejectsCSVWriter {
    let path: String
    let byteOrderMark: Bool
    var file: TextFileWriter?
    /// The first rejected rows.
    public private(set) var sample: [RejectedRow] = []
    /// All rejected rows written.
    public private(set) var count = 0

    /// Prepares a writer; `alwaysCreate` writes the header even when no row is rejected.
    public init(path: String, byteOrderMark: Bool = false, alwaysCreate: Bool = true) throws {
        self.path = path
        self.byteOrderMark = byteOrderMark
        if alwaysCreate { try open() }
    }

    /// Why `path` may not be written as a rejects file, or `nil` when it may: it must not be, or
    /// lie inside, an input of the run, and an existing file there must be an earlier rejects file
    /// (its first line is the rejects header), never some other file that would be overwritten.
    public static func replaceable(_ path: String, inputs: [String]) -> String? {
        // The folder's links are followed too: a link in it would hide that a new file lies
        // inside an input.
        let target = FileSystem.resolved(path)
        for input in inputs where FileSystem.isWithin(target, input) {
            return
                "the rejects file would \(target == FileSystem.resolved(input) ? "overwrite" : "be written inside") the input \(input); give --rejects a path outside the inputs"
        }
        guard FileSystem.exists(target) else { return nil }
        guard !FileSystem.isDirectory(target) else { return "is a folder; give --rejects a file path" }
        guard FileSystem.begins(target, with: Array(CSVText.line(["file", "line", "column", "reason", "raw"]).utf8))
        else {
            return
                "exists and is not a rejects file written by Reckon; give --rejects a new path, or one that holds earlier rejected rows"
        }
        return nil
    }

    func open() throws {
        guard file == nil else { return }
        let opened = try TextFileWriter(path: path)
        try opened.write((byteOrderMark ? "\u{FEFF}" : "") + CSVText.line(["file", "line", "column", "reason", "raw"]))
        file = opened
    }

    /// Writes one rejected row.
    public func write(_ row: RejectedRow) throws {
        try open()
        count += 1
        if sample.count < 100 { sample.append(row) }
        try file?
            .write(
                CSVText.line([
                    CSVText.text(row.file), CSVText.number(String(row.line)), CSVText.text(row.column ?? ""),
                    CSVText.text(row.reason), CSVText.text(row.raw),
                ])
            )
    }

    /// Flushes and closes the file.
    public func close() throws {
        try file?.close()
        file = nil
    }

    /// After a run that finished with no row rejected (and so wrote no file): removes an earlier
    /// rejects file left at the path, which would pass for this run's. Never one inside a close
    /// pack (a folder with `manifest.json`), whose digest the pack's manifest holds.
    public func removeStale() {
        guard file == nil, count == 0, FileSystem.exists(path), RejectsCSVWriter.replaceable(path, inputs: []) == nil
        else { return }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard !FileSystem.exists(folder + "/manifest.json") else { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
