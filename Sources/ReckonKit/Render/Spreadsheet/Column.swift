/// A worksheet column: its header title, its width, and the kind of value it holds.
public struct Column: Hashable, Sendable {
    /// What a column holds. The writers use it for the column's default format (a value typed
    /// into an empty cell of the column later gets it) and to right-align the title of a
    /// column of numbers or dates over its values. Each cell still carries its own type and format.
    public enum Kind: Hashable, Sendable {
        /// Text (left-aligned title; the column's cells are formatted as text, `@`).
        case text
        /// Whole numbers (format `0`).
        case integer
        /// Days (format `yyyy-mm-dd`).
        case date
        /// Exact decimals in the given format (money, percentages, plain decimals).
        case number(NumberFormat)
    }

    /// The header title, written as text in row 1.
    public var title: String
    /// The width in characters of the default font, from 1 to 255 (Excel's limit; values
    /// outside are clamped).
    public var width: Int
    /// What the column holds.
    public var kind: Kind

    /// Creates a column.
    public init(_ title: String, width: Int = 12, kind: Kind = .text) {
        self.title = title
        self.width = width
        self.kind = kind
    }
}
