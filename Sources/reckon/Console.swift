import ArgumentParser
import Foundation
import ReckonKit

/// Standard output for results; everything else goes to standard error.
struct Console {
    /// Writes a report for people (a summary, warnings, notes): cloud data's control characters
    /// in it are shown as `\x1b`, not obeyed by the terminal.
    func out(_ text: String) { data(TerminalText.shown(text)) }

    /// Writes data as it is (`trace`'s CSV, `--json`): its bytes are the data's, so a reader
    /// parses it. (JSON escapes C0 controls itself; `\x7f` would not be valid JSON.)
    func data(_ text: String) {
        // By the last byte: a CSV line ends in "\r\n", one Character, which `hasSuffix("\n")` misses.
        FileHandle.standardOutput.write(Data((text.utf8.last == 0x0A ? text : text + "\n").utf8))
    }
}

/// Writes messages to standard error.
enum StandardError {
    /// Writes a message, with any control character in it (from cloud data: a tag value, a
    /// resource name) shown as `\x1b`, so it cannot colour the terminal or set its title.
    static func write(_ text: String) { writeRaw(TerminalText.shown(text)) }

    /// Writes `text` as it is: the progress line's own terminal codes.
    static func writeRaw(_ text: String) { FileHandle.standardError.write(Data(text.utf8)) }
}

/// Text made safe for a terminal.
enum TerminalText {
    /// `text` with control characters other than tab and line feed (C0, carriage return among
    /// them, which could overwrite a line; DEL; C1) and the bidirectional overrides and isolates
    /// (U+202A–U+202E, U+2066–U+2069, which could show a line's text in another order than it
    /// has) written as `\xHH` (`\u{HHHH}` beyond ASCII). A line feed inside a value is kept on
    /// its line by ``ReportLine``, where the report is built.
    static func shown(_ text: String) -> String {
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            let value = scalar.value
            return (value < 0x20 && value != 0x09 && value != 0x0A) || value == 0x7F || (0x80...0x9F).contains(value)
                || UntrustedText.isBidiControl(scalar)
        }
        guard text.unicodeScalars.contains(where: isControl) else { return text }
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isControl(scalar) {
                let hex = String(scalar.value, radix: 16)
                let escaped = scalar.value < 0x80 ? "\\x" + (hex.count < 2 ? "0" + hex : hex) : "\\u{" + hex + "}"
                out.append(contentsOf: escaped.unicodeScalars)
            } else {
                out.append(scalar)
            }
        }
        return String(out)
    }
}

/// Turns any failure into a clear message on stderr and exit status 2, never a stack trace.
enum ReckonExit {
    static func failure(_ error: any Error) -> any Error {
        if error is ExitCode { return error }
        // An error is one line: a value quoted in it (a file name, a tag) cannot start another.
        StandardError.write("reckon: error: \(ReportLine.oneLine("\(error)"))\n")
        return ExitCode(2)
    }
}

/// JSON for machines: sorted keys, so the output is deterministic.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}

/// A progress line on stderr (MB read, MB/s, ETA), redrawn in place; only when stderr is a terminal.
/// Worker threads report to it, so it takes a lock.
final class ProgressLine: @unchecked Sendable {
    let lock = NSLock()
    let enabled: Bool
    let start = Date()
    var lastDraw = Date.distantPast
    var drawn = false

    init(enabled: Bool) { self.enabled = enabled && isatty(STDERR_FILENO) == 1 }

    func update(file: String, bytes: Int, total: Int) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.2 else { return }
        lastDraw = now
        let seconds = max(now.timeIntervalSince(start), 0.001)
        let megabytes = bytes / 1_000_000
        let rate = Int(Double(bytes) / seconds / 1_000_000)
        // The file name may come from the data's folder: shown like any other value, on one line.
        let name = TerminalText.shown(ReportLine.oneLine(file))
        var line = "\r\u{1B}[2K\(name): \(megabytes) MB read, \(rate) MB/s"
        if total > 0 && bytes > 0 && bytes < total {
            let eta = Int(seconds * Double(total - bytes) / Double(bytes))
            line += ", about \(eta) s left"
        }
        StandardError.writeRaw(line)
        drawn = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { StandardError.writeRaw("\r\u{1B}[2K") }
        drawn = false
    }
}
