/// Writes a ``Workbook`` as SpreadsheetML 2003 ("XML Spreadsheet 2003"): one XML file that Excel
/// (2003 and later) and LibreOffice Calc open, and that any XML tool can read.
///
/// What the file holds: one `<Style>` per format and weight used (bold titles, bold total rows,
/// `#,##0.00`-style money per currency, percentages, `yyyy-mm-dd` dates, `@` text); numbers as
/// `ss:Type="Number"` with the amount's exact decimal text; text as `ss:Type="String"` (never a
/// formula, whatever it starts with); each titled sheet with its header row frozen
/// (`WorksheetOptions`: `FreezePanes`, `SplitHorizontal`, `TopRowBottomPane`), an `AutoFilter` over
/// the titled columns and the column widths.
///
/// **Readers.** LibreOffice Calc 7.4 opens these files with their values, types, formats, bold
/// rows and split sheets (checked by converting them with `soffice --headless`), and its import
/// stylesheet (`spreadsheetml2ooo.xsl`, run with `xsltproc`) turns `WorksheetOptions` into a frozen
/// first row. It ignores SpreadsheetML AutoFilters, Excel's own included: that stylesheet builds an
/// invalid range from `x:Range`. Excel applies them.
///
/// **Limits.** SpreadsheetML 2003 is Excel 2003's format: a worksheet holds at most 65,536 rows and
/// 256 columns. A sheet with more rows is split into parts named `name`, `name (2)`, `name (3)`…
/// (made unique and valid like every name), each part repeating the header row. A sheet wider than
/// 256 columns is an error. Prefer ``XLSXWriter`` for big sheets.
///
/// The document is streamed to the file through libxml2's `xmlTextWriter` (memory stays flat),
/// written under a temporary name beside `path` and renamed into place when complete.
public enum SpreadsheetMLWriter {
    /// Rows per worksheet, the header included (Excel 2003's limit).
    public static let maximumRows = 65_536
    /// Columns per worksheet (Excel 2003's limit).
    public static let maximumColumns = 256

    static let limits = SpreadsheetLayout.Limits(
        format: "SpreadsheetML 2003",
        rows: maximumRows,
        columns: maximumColumns,
        advice: "Write the workbook as .xlsx (16,384 columns) or split the columns over several sheets."
    )

    /// Writes `workbook` to `path`, replacing any file there.
    ///
    /// - Parameters:
    ///   - workbook: The workbook; it needs at least one sheet.
    ///   - path: The file to write, conventionally ending in `.xml`.
    /// - Throws: ``RenderError`` naming `path` when the workbook has no sheets, a sheet has more
    ///   than 256 columns, or the file cannot be written (folder missing, disk full). Nothing is
    ///   left at `path` or beside it after a failure.
    public static func write(_ workbook: Workbook, to path: String) throws(RenderError) {
        let layout = try SpreadsheetLayout(workbook, limits: limits, file: path)
        let staged = StagedFile(destination: path)
        do {
            try LibXML2.quietly { () throws(RenderError) in
                let xml = try XMLFileWriter(path: staged.temporary)
                try writeDocument(workbook, layout: layout, to: xml)
                try xml.finish()
            }
        } catch {
            staged.discard()
            throw RenderError(file: path, problem: error.problem)
        }
        try staged.commit()
    }

    private static func writeDocument(_ workbook: Workbook, layout: SpreadsheetLayout, to xml: XMLFileWriter)
        throws(RenderError)
    {
        try xml.processingInstruction("mso-application", "progid=\"Excel.Sheet\"")
        try xml.start("Workbook")
        try xml.attribute("xmlns", "urn:schemas-microsoft-com:office:spreadsheet")
        try xml.attribute("xmlns:o", "urn:schemas-microsoft-com:office:office")
        try xml.attribute("xmlns:x", "urn:schemas-microsoft-com:office:excel")
        try xml.attribute("xmlns:ss", "urn:schemas-microsoft-com:office:spreadsheet")
        try xml.attribute("xmlns:html", "http://www.w3.org/TR/REC-html40")
        // Excel always writes this element; LibreOffice applies each sheet's frozen panes only
        // when it is there (its import stylesheet reads view settings from it).
        try xml.start("ExcelWorkbook")
        try xml.attribute("xmlns", "urn:schemas-microsoft-com:office:excel")
        for (name, value) in [
            ("WindowHeight", "9000"), ("WindowWidth", "15000"), ("WindowTopX", "0"), ("WindowTopY", "0"),
            ("ProtectStructure", "False"), ("ProtectWindows", "False"),
        ] { try xml.element(name, value) }
        try xml.end()
        try writeStyles(layout.styles, to: xml)
        let styleIDs = layout.styles.keys.indices.map { $0 == 0 ? "Default" : "s\($0)" }
        for part in layout.parts {
            try writeWorksheet(part, of: workbook.sheets[part.sheet], layout: layout, styleIDs: styleIDs, to: xml)
        }
        try xml.end()
    }

    private static func writeStyles(_ styles: StyleTable, to xml: XMLFileWriter) throws(RenderError) {
        try xml.start("Styles")
        try xml.start("Style")
        try xml.attribute("ss:ID", "Default")
        try xml.attribute("ss:Name", "Normal")
        try xml.end()
        for (number, key) in styles.keys.enumerated() where number > 0 {
            try xml.start("Style")
            try xml.attribute("ss:ID", "s\(number)")
            if key.alignRight {
                try xml.start("Alignment")
                try xml.attribute("ss:Horizontal", "Right")
                try xml.end()
            }
            if key.bold {
                try xml.start("Font")
                try xml.attribute("ss:Bold", "1")
                try xml.end()
            }
            if key.format != .general {
                try xml.start("NumberFormat")
                try xml.attribute("ss:Format", key.format.code)
                try xml.end()
            }
            try xml.end()
        }
        try xml.end()
    }

    private static func writeWorksheet(
        _ part: SpreadsheetLayout.Part,
        of sheet: Sheet,
        layout: SpreadsheetLayout,
        styleIDs: [String],
        to xml: XMLFileWriter
    ) throws(RenderError) {
        let styles = layout.styles
        let filterRange = "R1C1:R\(part.lastFilteredRow)C\(sheet.columns.count)"
        try xml.start("Worksheet")
        try xml.attribute("ss:Name", part.name)
        if part.hasHeader {
            // Excel keeps an AutoFilter's range in this hidden name; LibreOffice reads <AutoFilter>.
            try xml.start("Names")
            try xml.start("NamedRange")
            try xml.attribute("ss:Name", "_FilterDatabase")
            try xml.attribute("ss:RefersTo", "=\(SheetName.quoted(part.name))!\(filterRange)")
            try xml.attribute("ss:Hidden", "1")
            try xml.end()
            // The header row repeats at the top of every printed page.
            try xml.start("NamedRange")
            try xml.attribute("ss:Name", "Print_Titles")
            try xml.attribute("ss:RefersTo", "=\(SheetName.quoted(part.name))!R1")
            try xml.end()
            try xml.end()
        }
        try xml.start("Table")
        for column in sheet.columns {
            try xml.start("Column")
            try xml.attribute(
                "ss:StyleID",
                styleIDs[styles.number(StyleKey(format: FormatKey(column.kind), bold: false, alignRight: false))]
            )
            try xml.attribute("ss:AutoFitWidth", "0")
            try xml.attribute("ss:Width", points(forCharacters: column.width))
            try xml.end()
        }
        if part.hasHeader {
            try xml.start("Row")
            for column in sheet.columns {
                try xml.start("Cell")
                try xml.attribute("ss:StyleID", styleIDs[styles.number(SpreadsheetLayout.headerStyle(column.kind))])
                try writeData("String", Cell.cellText(column.title), to: xml)
                try xml.end()
            }
            try xml.end()
        }
        for row in sheet.rows[part.rows] {
            try xml.start("Row")
            var nextIndex = 0
            for (index, cell) in row.cells.enumerated() {
                guard let format = cell.formatKey else { continue }
                try xml.start("Cell")
                if index != nextIndex { try xml.attribute("ss:Index", String(index + 1)) }
                try xml.attribute(
                    "ss:StyleID",
                    styleIDs[styles.number(StyleKey(format: format, bold: row.isTotal, alignRight: false))]
                )
                switch cell {
                case .text(let text): try writeData("String", Cell.cellText(text), to: xml)
                case .number(let amount, _): try writeData("Number", amount.description, to: xml)
                case .integer(let value): try writeData("Number", String(value), to: xml)
                case .date(let day) where format == .date: try writeData("DateTime", "\(day)T00:00:00.000", to: xml)
                case .date(let day): try writeData("String", day.description, to: xml)
                case .empty: break
                }
                try xml.end()
                nextIndex = index + 1
            }
            try xml.end()
        }
        try xml.end()
        try xml.start("WorksheetOptions")
        try xml.attribute("xmlns", "urn:schemas-microsoft-com:office:excel")
        // Printed landscape, one page wide however many pages long.
        try xml.start("PageSetup")
        try xml.start("Layout")
        try xml.attribute("x:Orientation", "Landscape")
        try xml.end()
        try xml.end()
        try xml.start("FitToPage")
        try xml.end()
        try xml.start("Print")
        try xml.element("FitHeight", "0")
        try xml.start("ValidPrinterInfo")
        try xml.end()
        try xml.end()
        if part.hasHeader {
            try xml.start("FreezePanes")
            try xml.end()
            try xml.start("FrozenNoSplit")
            try xml.end()
            try xml.element("SplitHorizontal", "1")
            try xml.element("TopRowBottomPane", "1")
            try xml.element("ActivePane", "2")
            // Pane 3 is the frozen top row, pane 2 the rows below it, with the cursor on A2.
            try xml.start("Panes")
            try xml.start("Pane")
            try xml.element("Number", "3")
            try xml.end()
            try xml.start("Pane")
            try xml.element("Number", "2")
            try xml.element("ActiveRow", "1")
            try xml.element("ActiveCol", "0")
            try xml.end()
            try xml.end()
        }
        try xml.end()
        if part.hasHeader {
            try xml.start("AutoFilter")
            try xml.attribute("x:Range", filterRange)
            try xml.attribute("xmlns", "urn:schemas-microsoft-com:office:excel")
            try xml.end()
        }
        try xml.end()
    }

    private static func writeData(_ type: String, _ text: String, to xml: XMLFileWriter) throws(RenderError) {
        try xml.start("Data")
        try xml.attribute("ss:Type", type)
        try xml.text(text)
        try xml.end()
    }

    /// A column width in points for `characters` characters of Calibri 11: 7 pixels each plus 5
    /// pixels of padding, at 0.75 points per pixel (Excel's own conversion). Exact decimal text.
    static func points(forCharacters characters: Int) -> String {
        let quarterPoints = (min(max(characters, 1), 255) * 7 + 5) * 3
        return Amount(minorUnits: Int128(quarterPoints * 25), scale: 2).description
    }
}
