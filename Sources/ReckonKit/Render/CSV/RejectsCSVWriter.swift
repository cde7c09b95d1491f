import Foundation

/// Streams rejected rows to `rejects.csv` (file, line, column, reason, raw) as they are found, so
/// memory stays flat however many rows are bad, and keeps the first hundred for the reports.
///
/// The file is created on the first row; with none, no file is written unless `alwaysCreate`.
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
        try file?.write(
            CSVText.line([
                CSVText.text(row.file), CSVText.number(String(row.line)), CSVText.text(row.column ?? ""), CSVText.text(row.reason),
                CSVText.text(row.raw),
            ]))
    }

    /// Flushes and closes the file.
    public func close() throws {
        try file?.close()
        file = nil
    }
}
