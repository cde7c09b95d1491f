import Foundation

/// Writes text to a new file through a 64 KiB buffer, so a large CSV (one line per allocation key,
/// one per rejected row) never sits in memory whole.
final class TextFileWriter {
    let path: String
    private let handle: FileHandle
    private var buffer: [UInt8] = []

    /// Creates (or empties) the file and its folder.
    /// - Throws: ``RenderError`` when the file cannot be created.
    init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let opened = FileHandle(forWritingAtPath: path)
        else { throw RenderError(file: path, problem: "cannot be written") }
        handle = opened
        buffer.reserveCapacity(1 << 16)
    }

    /// Appends text.
    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try flush() }
    }

    private func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    /// Writes what is buffered and closes the file.
    func close() throws {
        try flush()
        try handle.close()
    }
}
