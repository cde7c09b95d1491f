/// A cell's number format reduced to what a file needs: a few cases, cheap to hash per cell.
enum FormatKey: Hashable, Comparable, Sendable {
    /// Excel's General format (the default style).
    case general
    /// Text (`@`): a value typed into the cell later stays text.
    case text
    /// Whole numbers (`0`).
    case integer
    /// Days (`yyyy-mm-dd`).
    case date
    /// Thousands separators and `digits` fraction digits.
    case money(digits: Int)
    /// A percentage with `digits` fraction digits.
    case percent(digits: Int)

    /// The key of a cell format.
    init(_ format: NumberFormat) {
        switch format {
        case .money(let currency): self = .money(digits: min(max(currency.minorUnitDigits, 0), 10))
        case .percent(let digits): self = .percent(digits: min(max(digits, 0), 10))
        case .decimal: self = .general
        }
    }

    /// The key of a column's default format.
    init(_ kind: Column.Kind) {
        switch kind {
        case .text: self = .text
        case .integer: self = .integer
        case .date: self = .date
        case .number(let format): self.init(format)
        }
    }

    /// The number-format code, as Excel writes it in both file formats.
    var code: String {
        switch self {
        case .general: return "General"
        case .text: return "@"
        case .integer: return "0"
        case .date: return "yyyy-mm-dd"
        case .money(let digits): return digits == 0 ? "#,##0" : "#,##0." + String(repeating: "0", count: digits)
        case .percent(let digits): return digits == 0 ? "0%" : "0." + String(repeating: "0", count: digits) + "%"
        }
    }
}

/// Everything that varies between the cell styles Reckon writes.
struct StyleKey: Hashable, Comparable, Sendable {
    /// The number format.
    var format: FormatKey
    /// Bold: header and total rows.
    var bold: Bool
    /// Right-aligned: titles of number and date columns.
    var alignRight: Bool

    /// The default style: General, regular weight, default alignment.
    static let standard = StyleKey(format: .general, bold: false, alignRight: false)

    static func < (lhs: StyleKey, rhs: StyleKey) -> Bool {
        (lhs.format, lhs.bold ? 1 : 0, lhs.alignRight ? 1 : 0) < (rhs.format, rhs.bold ? 1 : 0, rhs.alignRight ? 1 : 0)
    }
}

/// The styles a workbook uses, numbered: 0 is always ``StyleKey/standard``, the others follow in
/// sorted order, so the same workbook always gets the same numbers.
struct StyleTable: Sendable {
    /// The styles by number.
    let keys: [StyleKey]
    private let numbers: [StyleKey: Int]

    /// Numbers the given styles.
    init(_ used: Set<StyleKey>) {
        var keys = [StyleKey.standard]
        keys += used.subtracting([StyleKey.standard]).sorted()
        self.keys = keys
        var numbers: [StyleKey: Int] = [:]
        for (number, key) in keys.enumerated() { numbers[key] = number }
        self.numbers = numbers
    }

    /// The number of a style; a style that was not collected falls back to 0 (a bug, but a
    /// harmless one: the value is still written, in the default style).
    func number(_ key: StyleKey) -> Int { numbers[key] ?? 0 }
}
