import Foundation

/// Streams rejected rows to `rejects.csv` (file, line, column, reason, raw) as they are found, so
/// memory stays flat however many rows are bad, and keeps the first hundred for the reports.
///
/// The file is created on the first row; with none, no file is written unless `alwaysCreate`.
public final class RejectsCSVWriter {
    let path: String
    let byteOrderMark: Bool
    var handle: FileHandle?
    var buffer = ""
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

    func open() throws {
        guard handle == nil else { return }
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: nil), let opened = FileHandle(forWritingAtPath: path) else {
            throw IngestError(file: path, problem: "cannot write the rejects file")
        }
        handle = opened
        buffer = (byteOrderMark ? "\u{FEFF}" : "") + CSVText.line(["file", "line", "column", "reason", "raw"])
    }

    /// Writes one rejected row.
    public func write(_ row: RejectedRow) throws {
        try open()
        count += 1
        if sample.count < 100 { sample.append(row) }
        buffer += CSVText.line([
            CSVText.text(row.file), CSVText.number(String(row.line)), CSVText.text(row.column ?? ""), CSVText.text(row.reason),
            CSVText.text(row.raw),
        ])
        if buffer.utf8.count > 1 << 16 { flush() }
    }

    func flush() {
        handle?.write(Data(buffer.utf8))
        buffer = ""
    }

    /// Flushes and closes the file.
    public func close() throws {
        flush()
        try handle?.close()
        handle = nil
    }
}
