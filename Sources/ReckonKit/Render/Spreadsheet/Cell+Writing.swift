extension Cell {
    /// The most UTF-16 code units a cell can hold in Excel (both file formats).
    static let maximumTextLength = 32_767

    /// 1900-03-01, the first day Excel holds correctly as a date (it believes 1900 was a leap year).
    static let firstExcelDay = Day(daysSinceEpoch: -25_508)

    /// The format of the cell's value; `nil` for an empty cell.
    var formatKey: FormatKey? {
        switch self {
        case .text: return .text
        case .number(_, let format): return FormatKey(format)
        case .integer: return .integer
        case .date(let day): return day < Cell.firstExcelDay ? .text : .date
        case .empty: return nil
        }
    }

    /// Text as a cell holds it: safe for XML, and at most 32,767 UTF-16 code units. A longer value
    /// is cut at a character boundary and ends with a visible marker, so the cut is never silent.
    static func cellText(_ text: String) -> String {
        let text = XMLText.sanitize(text)
        // UTF-8 never has fewer units than UTF-16, so short text needs no count.
        guard text.utf8.count > maximumTextLength, text.utf16.count > maximumTextLength else { return text }
        let total = text.count
        let marker = "… [cut: \(total) characters in all]"
        let room = maximumTextLength - marker.utf16.count
        return text.prefix(utf16Units: room) + marker
    }
}
