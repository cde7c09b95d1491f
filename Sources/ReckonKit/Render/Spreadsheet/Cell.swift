/// One worksheet cell: a typed value, never a formula.
///
/// Text stays text: a value such as `=HYPERLINK("http://x")` is written as a string cell
/// (`ss:Type="String"`, `t="inlineStr"`), which spreadsheets show and never evaluate. Text is made
/// safe for XML by ``XMLText/sanitize(_:)`` and limited to Excel's 32,767 characters per cell:
/// a longer value is cut and ends with a visible `… [cut: N characters in all]` marker.
public enum Cell: Hashable, Sendable {
    /// Text, left as typed.
    case text(String)
    /// An exact decimal, written with its exact decimal text (``Amount/description``), shown
    /// with `format`. The writer never rounds: round the amount first when the cell must hold the
    /// rounded value.
    case number(Amount, NumberFormat)
    /// A whole number (format `0`, so large counts never show as `1.2E+11`).
    case integer(Int)
    /// A calendar day, written as a date (format `yyyy-mm-dd`). Days before 1900-03-01, which
    /// Excel cannot hold as dates, are written as ISO 8601 text.
    case date(Day)
    /// No value: nothing is written.
    case empty

    /// A money cell: `amount` shown with the currency's minor-unit digits and thousands separators.
    public static func money(_ amount: Amount, _ currency: CurrencyCode) -> Cell { .number(amount, .money(currency)) }
}

/// How a number cell is shown. The stored value is always the exact amount.
public enum NumberFormat: Hashable, Sendable {
    /// Money in a currency: thousands separators and the currency's minor-unit digits from
    /// ``CurrencyCode/minorUnitDigits``: `#,##0.00` for USD, `#,##0` for JPY, `#,##0.000` for KWD.
    /// The currency itself is not shown (put it in the column title or a column of its own).
    case money(CurrencyCode)
    /// A ratio shown as a percentage: 0.125 with 1 fraction digit shows as `12.5%` (format
    /// `0.0%`). Digits are clamped to 0…10.
    case percent(fractionDigits: Int)
    /// A plain decimal in the General format: the spreadsheet shows as many digits as fit.
    case decimal

    /// The spreadsheet number-format code, as Excel writes it.
    public var code: String { FormatKey(self).code }
}
