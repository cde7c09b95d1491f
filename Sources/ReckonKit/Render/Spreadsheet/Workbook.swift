/// A spreadsheet to write: the one model behind ``SpreadsheetMLWriter`` and ``XLSXWriter``.
///
/// A workbook is plain data: sheets of typed cells. Numbers stay numbers (an ``Amount`` is written
/// with its exact decimal text, never through `Double`), text stays text (even text that starts
/// with `=`), and each writer maps the same model to its format's limits (sheet-name rules, rows
/// per sheet, cell text length).
public struct Workbook: Hashable, Sendable {
    /// The sheets, in tab order. A writer needs at least one.
    public var sheets: [Sheet]

    /// Creates a workbook.
    public init(sheets: [Sheet]) { self.sheets = sheets }
}

/// One worksheet: a header row made of the column titles, then data rows.
///
/// When ``columns`` is not empty the writers put the titles in row 1 (bold), freeze that row so
/// it stays visible while scrolling and repeat it on every printed page, and put an AutoFilter
/// over the header and the data rows before the first total row: **total rows go after the data**,
/// so sorting or filtering never moves one in among the rows it sums. A sheet with no columns has
/// no header, no frozen row and no filter. Every sheet prints landscape, one page wide.
public struct Sheet: Hashable, Sendable {
    /// The tab name as the caller would like it. Writers make it valid for Excel (at most 31
    /// characters, none of `[ ] : * ? / \`, not starting or ending with `'`, unique ignoring case)
    /// deterministically: forbidden characters become `_`, long names are cut, and a repeated
    /// name gets ` (2)`, ` (3)` and so on.
    public var name: String
    /// The columns: title, width and kind.
    public var columns: [Column]
    /// The data rows, below the header. A row may have fewer cells than there are columns (the
    /// rest are empty) or more (the extra cells have no title).
    public var rows: [Row]

    /// Creates a sheet.
    public init(name: String, columns: [Column], rows: [Row] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }
}

/// One data row: its cells from column A on, and whether it is a total.
public struct Row: Hashable, Sendable, ExpressibleByArrayLiteral {
    /// The cells, from the first column on.
    public var cells: [Cell]
    /// A total row is written in bold.
    public var isTotal: Bool

    /// Creates a row.
    public init(_ cells: [Cell], isTotal: Bool = false) {
        self.cells = cells
        self.isTotal = isTotal
    }

    /// Creates an ordinary (not total) row from a list of cells: `[.text("a"), .integer(1)]`.
    public init(arrayLiteral cells: Cell...) { self.init(cells) }

    /// A total row, written in bold.
    public static func total(_ cells: [Cell]) -> Row { Row(cells, isTotal: true) }
}
