/// One `xl/worksheets/sheetN.xml` part: the rows of a sheet, or of one part of a split sheet.
extension XLSXWriter {
    /// Excel's day number of 1970-01-01 (day 0 is 1899-12-30 for every day from 1900-03-01 on).
    static let excelDayOfUnixEpoch = 25_569

    static func writeWorksheet(
        _ part: SpreadsheetLayout.Part,
        of sheet: Sheet,
        styles: StyleTable,
        to xml: XMLFileWriter
    ) throws(RenderError) {
        let letters = (0..<max(part.width, 1)).map(columnLetters)
        let styleNumbers = styles.keys.indices.map { String($0) }
        try xml.start("worksheet")
        try xml.attribute("xmlns", mainNamespace)
        try xml.attribute("xmlns:r", relationshipsNamespace)
        // Printed one page wide (with pageSetup's fitToWidth below), however many pages long.
        try xml.start("sheetPr")
        try xml.start("pageSetUpPr")
        try xml.attribute("fitToPage", "1")
        try xml.end()
        try xml.end()
        try xml.start("dimension")
        try xml.attribute("ref", "A1:\(letters[letters.count - 1])\(part.lastRow)")
        try xml.end()
        if part.hasHeader {
            try xml.start("sheetViews")
            try xml.start("sheetView")
            try xml.attribute("workbookViewId", "0")
            try xml.start("pane")
            try xml.attribute("ySplit", "1")
            try xml.attribute("topLeftCell", "A2")
            try xml.attribute("activePane", "bottomLeft")
            try xml.attribute("state", "frozen")
            try xml.end()
            try xml.start("selection")
            try xml.attribute("pane", "bottomLeft")
            try xml.attribute("activeCell", "A2")
            try xml.attribute("sqref", "A2")
            try xml.end()
            try xml.end()
            try xml.end()
        }
        if !sheet.columns.isEmpty {
            try xml.start("cols")
            for (index, column) in sheet.columns.enumerated() {
                try xml.start("col")
                try xml.attribute("min", String(index + 1))
                try xml.attribute("max", String(index + 1))
                try xml.attribute("width", width(forCharacters: column.width))
                try xml.attribute(
                    "style",
                    styleNumbers[
                        styles.number(StyleKey(format: FormatKey(column.kind), bold: false, alignRight: false))
                    ]
                )
                try xml.attribute("customWidth", "1")
                try xml.end()
            }
            try xml.end()
        }
        try xml.start("sheetData")
        var rowNumber = 1
        if part.hasHeader {
            try xml.start("row")
            try xml.attribute("r", "1")
            for (index, column) in sheet.columns.enumerated() {
                try inlineString(
                    Cell.cellText(column.title),
                    at: letters[index] + "1",
                    style: styleNumbers[styles.number(SpreadsheetLayout.headerStyle(column.kind))],
                    to: xml
                )
            }
            try xml.end()
            rowNumber = 2
        }
        for row in sheet.rows[part.rows] {
            let number = String(rowNumber)
            try xml.start("row")
            try xml.attribute("r", number)
            for (index, cell) in row.cells.enumerated() {
                guard let format = cell.formatKey else { continue }
                let style = styleNumbers[styles.number(StyleKey(format: format, bold: row.isTotal, alignRight: false))]
                let reference = letters[index] + number
                switch cell {
                case .text(let text): try inlineString(Cell.cellText(text), at: reference, style: style, to: xml)
                case .number(let amount, _): try value(amount.description, at: reference, style: style, to: xml)
                case .integer(let integer): try value(String(integer), at: reference, style: style, to: xml)
                case .date(let day) where format == .date:
                    try value(
                        String(Int(day.daysSinceEpoch) + excelDayOfUnixEpoch),
                        at: reference,
                        style: style,
                        to: xml
                    )
                case .date(let day): try inlineString(day.description, at: reference, style: style, to: xml)
                case .empty: break
                }
            }
            try xml.end()
            rowNumber += 1
        }
        try xml.end()
        if part.hasHeader {
            try xml.start("autoFilter")
            try xml.attribute("ref", "A1:\(letters[sheet.columns.count - 1])\(part.lastFilteredRow)")
            try xml.end()
        }
        try xml.start("pageMargins")
        for (name, inches) in [
            ("left", "0.4"), ("right", "0.4"), ("top", "0.5"), ("bottom", "0.5"), ("header", "0.3"), ("footer", "0.3"),
        ] { try xml.attribute(name, inches) }
        try xml.end()
        try xml.start("pageSetup")
        try xml.attribute("orientation", "landscape")
        try xml.attribute("fitToWidth", "1")
        try xml.attribute("fitToHeight", "0")
        try xml.end()
        try xml.end()
    }

    /// `<c r="B7" s="3"><v>-1234.5</v></c>`: a number.
    private static func value(_ text: String, at reference: String, style: String, to xml: XMLFileWriter)
        throws(RenderError)
    {
        try xml.start("c")
        try xml.attribute("r", reference)
        try xml.attribute("s", style)
        try xml.element("v", text)
        try xml.end()
    }

    /// `<c r="A7" s="1" t="inlineStr"><is><t>text</t></is></c>`: text, never a formula.
    private static func inlineString(_ text: String, at reference: String, style: String, to xml: XMLFileWriter)
        throws(RenderError)
    {
        try xml.start("c")
        try xml.attribute("r", reference)
        try xml.attribute("s", style)
        try xml.attribute("t", "inlineStr")
        try xml.start("is")
        try xml.start("t")
        if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last, isSpace(first) || isSpace(last) {
            try xml.attribute("xml:space", "preserve")
        }
        try xml.text(text)
        try xml.end()
        try xml.end()
        try xml.end()
    }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r"
    }

    /// A column width as Excel stores it: `characters` plus 5 pixels of padding, in units of one
    /// character (7 pixels of Calibri 11), truncated to 1/256: 12 → `12.7109375`.
    static func width(forCharacters characters: Int) -> String {
        let pixels = min(max(characters, 1), 255) * 7 + 5
        let steps = pixels * 256 / 7
        return Amount(minorUnits: Int128(steps) * 390_625, scale: 8).description
    }
}
