/// A report for a terminal, built a line at a time from ``ReportLine``s.
///
/// Cloud data is untrusted, and a value can hold a line break: a section name such as
/// `Fake\nG1 invoice G1: matched` would otherwise print a line of its own that passes for a line
/// of the report. Every value interpolated into a line is written on one line (its line feeds and
/// carriage returns as `\n` and `\r`); the line breaks of the report are the ones its literal text
/// holds. The compiler enforces it: only a ``ReportLine`` can be added, and a plain `String` built
/// by concatenation is not one.
public struct ReportText: Sendable {
    /// The text so far.
    public private(set) var text = ""

    /// An empty report.
    public init() {}

    /// Appends `line` (its literal text as written, its values each on one line).
    public static func += (report: inout ReportText, line: ReportLine) { report.text += line.text }
}

/// Text whose interpolated values are each kept on one line (see ``ReportText``).
public struct ReportLine: ExpressibleByStringInterpolation, Sendable {
    let text: String

    /// A line from a literal, which holds no value from the input.
    public init(stringLiteral value: String) { text = value }

    /// A line from an interpolation, its values already kept to one line.
    public init(stringInterpolation: Interpolation) { text = stringInterpolation.text }

    /// The builder of a ``ReportLine``: literal text as written, values on one line.
    public struct Interpolation: StringInterpolationProtocol {
        var text = ""

        /// Starts an empty line of text.
        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        /// Appends the literal part as written.
        public mutating func appendLiteral(_ literal: String) { text += literal }

        /// Appends a value on one line: line breaks and other controls in it are escaped.
        public mutating func appendInterpolation<Value>(_ value: Value) {
            text += ReportLine.oneLine(String(describing: value))
        }

        /// Lines the report made itself (a table laid out in columns), kept as they are.
        public mutating func appendInterpolation(lines: String) { text += lines }
    }

    /// `value` on one line: line feeds and carriage returns written as `\n` and `\r`.
    public static func oneLine(_ value: String) -> String {
        guard value.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { return value }
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
