import Foundation

/// A one-row template compiled for streaming: literal text and `{{field}}` slots.
///
/// Large row-level files (variances, allocations, journal, a million rows) keep their layout in
/// templates: a header template rendered once by Mustache, and a row template rendered per row.
/// Rendering Mustache per row measured 25 µs (25 s for a million rows), so a row template is
/// compiled once into text and slots and filled by plain appends. Row templates may use only
/// variables (`{{name}}`, `{{{name}}}`, `{{& name}}`); sections and partials are errors with the
/// line and column. Values are already escaped for the file's format by the caller (CSV cells by
/// ``CSVText``), so no escaping is applied here.
public struct RowTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        case field(Int)
    }

    /// The template's name.
    public let name: String
    /// The fields it uses, in order of first use.
    public let fields: [String]
    let parts: [Part]

    /// Compiles `text`.
    /// - Throws: ``TemplateError`` for a tag other than a variable, or an unclosed tag.
    public init(name: String, file: String, text: String) throws(TemplateError) {
        self.name = name
        var parts: [Part] = []
        var fields: [String] = []
        var literal = ""
        var index = text.startIndex
        var line = 1
        var column = 1
        func advance(_ character: Character) {
            if character == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        while index < text.endIndex {
            if text[index...].hasPrefix("{{") {
                let tagLine = line
                let tagColumn = column
                var cursor = text.index(index, offsetBy: 2)
                var triple = false
                if cursor < text.endIndex && text[cursor] == "{" {
                    triple = true
                    cursor = text.index(after: cursor)
                }
                let closing = triple ? "}}}" : "}}"
                guard let end = text[cursor...].range(of: closing) else {
                    throw TemplateError(
                        template: name,
                        file: file,
                        line: tagLine,
                        column: tagColumn,
                        problem: "the tag is never closed with \(closing)"
                    )
                }
                var tag = String(text[cursor..<end.lowerBound]).trimmingASCIIWhitespace()
                if tag.hasPrefix("&") { tag = String(tag.dropFirst()).trimmingASCIIWhitespace() }
                if tag.hasPrefix("!") {
                    // A comment.
                } else if let first = tag.first, "#^/>$<=%".contains(first) {
                    throw TemplateError(
                        template: name,
                        file: file,
                        line: tagLine,
                        column: tagColumn,
                        problem: "a row template may only use {{field}} variables, not '\(tag)'"
                    )
                } else {
                    if !literal.isEmpty {
                        parts.append(.text(literal))
                        literal = ""
                    }
                    if let position = fields.firstIndex(of: tag) {
                        parts.append(.field(position))
                    } else {
                        fields.append(tag)
                        parts.append(.field(fields.count - 1))
                    }
                }
                for character in text[index..<end.upperBound] { advance(character) }
                index = end.upperBound
                continue
            }
            literal.append(text[index])
            advance(text[index])
            index = text.index(after: index)
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        self.parts = parts
        self.fields = fields
    }

    /// Fails unless every field used is one of `available`, naming the first unknown one.
    public func require(_ available: [String]) throws(TemplateError) {
        for field in fields where !available.contains(field) {
            throw TemplateError(
                template: name,
                file: name,
                problem: "unknown field '\(field)'; available: \(available.joined(separator: ", "))"
            )
        }
    }

    /// The position of each of this template's fields in `columns`, for ``render(into:row:binding:)``.
    /// - Throws: ``TemplateError`` naming the first field that is not a column.
    public func bind(_ columns: [String]) throws(TemplateError) -> [Int] {
        var binding: [Int] = []
        for field in fields {
            guard let index = columns.firstIndex(of: field) else {
                throw TemplateError(
                    template: name,
                    file: name,
                    problem: "unknown field '\(field)'; available: \(columns.joined(separator: ", "))"
                )
            }
            binding.append(index)
        }
        return binding
    }

    /// Appends one row: `row` holds the caller's columns, `binding` comes from ``bind(_:)``.
    @inline(__always) public func render(into output: inout String, row: [String], binding: [Int]) {
        for part in parts {
            switch part {
            case .text(let text): output += text
            case .field(let index): output += row[binding[index]]
            }
        }
    }

    /// Appends the row with `value(field)` for each slot to `output`.
    @inline(__always) public func render(into output: inout String, _ value: (String) -> String) {
        var values: [String] = []
        values.reserveCapacity(fields.count)
        for field in fields { values.append(value(field)) }
        for part in parts {
            switch part {
            case .text(let text): output += text
            case .field(let index): output += values[index]
            }
        }
    }
}
