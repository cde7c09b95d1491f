/// Writes CSV fields by RFC 4180, safe to open in a spreadsheet.
///
/// Cloud data is untrusted: a tag value such as `=HYPERLINK("http://evil")` must not run when an
/// auditor opens the file. A **text** cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return gets a leading `'`, which spreadsheets show as text. Control characters other than tab,
/// line feed and carriage return (NUL, ESC, DEL, C1) are replaced in text cells
/// (``withoutControls(_:)``): NUL stops many CSV readers, and ESC or CSI would drive the terminal
/// of whoever prints the file (`reckon trace` prints its CSV). Numeric cells are written by ``number(_:)`` and never changed, so
/// negative amounts stay numbers.
public enum CSVText {
    /// A text cell: neutralised, then quoted when it holds a comma, quote or line break.
    public static func text(_ value: String) -> String {
        var value = CSVText.withoutControls(value)
        if let first = value.utf8.first,
            first == UInt8(ascii: "=") || first == UInt8(ascii: "+") || first == UInt8(ascii: "-")
                || first == UInt8(ascii: "@") || first == 0x09 || first == 0x0D
        {
            value = "'" + value
        }
        return quoted(value)
    }

    /// `value` with control characters other than tab, line feed and carriage return replaced by
    /// U+FFFD: C0 (NUL, ESC, …), DEL and C1 (U+0080–U+009F, among them CSI, a one-character
    /// `ESC [`), besides what XML refuses; and the bidirectional overrides and isolates, which a
    /// spreadsheet would obey (``UntrustedText/isBidiControl(_:)``).
    static func withoutControls(_ value: String) -> String {
        func isControl(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value) || !XMLText.isAllowed(scalar)
                || UntrustedText.isBidiControl(scalar)
        }
        // Most cells hold none: a byte scan for the bytes such characters start with (C0, DEL,
        // 0xC2 for C1, 0xEF for U+FFFE/U+FFFF, 0xE2 for the bidirectional controls) passes them
        // before any scalar is decoded.
        guard
            value.utf8.contains(where: {
                ($0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D) || $0 == 0x7F || $0 == 0xC2 || $0 == 0xEF
                    || $0 == 0xE2
            }), value.unicodeScalars.contains(where: isControl)
        else { return value }
        var scalars = String.UnicodeScalarView()
        for scalar in value.unicodeScalars { scalars.append(isControl(scalar) ? XMLText.replacement : scalar) }
        return String(scalars)
    }

    /// A numeric cell, written as is (the caller formats it).
    public static func number(_ value: String) -> String { value }

    /// Quotes `value` when RFC 4180 requires it, doubling inner quotes.
    public static func quoted(_ value: String) -> String {
        var needsQuotes = false
        for byte in value.utf8
        where byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
            needsQuotes = true
            break
        }
        guard needsQuotes else { return value }
        var out = "\""
        for character in value { if character == "\"" { out += "\"\"" } else { out.append(character) } }
        return out + "\""
    }

    /// One CSV line (CRLF-terminated, as RFC 4180 says) from already-escaped cells.
    public static func line(_ cells: [String]) -> String { cells.joined(separator: ",") + "\r\n" }
}
