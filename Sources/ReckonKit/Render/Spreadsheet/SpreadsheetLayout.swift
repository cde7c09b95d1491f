/// How a workbook maps onto one file format: the physical sheets (a sheet over the format's row
/// limit is split into parts, each with the header repeated), their final names, and the styles.
///
/// Both writers build one in a first pass over the cells, before writing anything, so a file is
/// never half-written because of a limit.
struct SpreadsheetLayout {
    /// A file format's limits.
    struct Limits {
        /// The format, for messages: `SpreadsheetML 2003`.
        var format: String
        /// Rows per worksheet, the header included.
        var rows: Int
        /// Columns per worksheet.
        var columns: Int
        /// What to suggest when a sheet has too many columns.
        var advice: String
    }

    /// One physical worksheet: a sheet, or one part of a split sheet.
    struct Part {
        /// The index of the sheet in the workbook.
        var sheet: Int
        /// The final, valid and unique tab name.
        var name: String
        /// The data rows of the sheet this part holds.
        var rows: Range<Int>
        /// The number of columns used: the titles or the longest row, whichever is more.
        var width: Int
        /// Whether row 1 holds the column titles.
        var hasHeader: Bool
        /// The index in the sheet of its first total row (``Row/isTotal``), or of the empty rows
        /// just before it, or the sheet's row count: where the AutoFilter stops.
        var firstTotal: Int

        /// The 1-based number of the last row written (the header counts); at least 1.
        var lastRow: Int { max(1, rows.count + (hasHeader ? 1 : 0)) }
        /// The 1-based number of the first data row.
        var firstDataRow: Int { hasHeader ? 2 : 1 }
        /// The 1-based number of the last row the AutoFilter covers: the header and the data rows
        /// of this part before the sheet's first total row, so sorting or filtering never moves a
        /// total in among the rows it sums.
        var lastFilteredRow: Int {
            let end = Swift.max(rows.lowerBound, Swift.min(rows.upperBound, firstTotal))
            return Swift.max(1, end - rows.lowerBound + (hasHeader ? 1 : 0))
        }
    }

    /// The physical worksheets, in tab order.
    let parts: [Part]
    /// Every style a cell, title or column uses.
    let styles: StyleTable

    /// Lays out `workbook` for a format.
    ///
    /// - Throws: ``RenderError`` naming `file` when the workbook has no sheets or a sheet has more
    ///   columns than the format allows.
    init(_ workbook: Workbook, limits: Limits, file: String) throws(RenderError) {
        guard !workbook.sheets.isEmpty else {
            throw RenderError(file: file, problem: "the workbook has no sheets; a spreadsheet needs at least one")
        }
        var used: Set<StyleKey> = []
        var planned: [Part] = []
        for (index, sheet) in workbook.sheets.enumerated() {
            var width = sheet.columns.count
            for column in sheet.columns {
                used.insert(SpreadsheetLayout.headerStyle(column.kind))
                used.insert(StyleKey(format: FormatKey(column.kind), bold: false, alignRight: false))
            }
            for row in sheet.rows {
                width = max(width, row.cells.count)
                for cell in row.cells {
                    if let format = cell.formatKey {
                        used.insert(StyleKey(format: format, bold: row.isTotal, alignRight: false))
                    }
                }
            }
            if width > limits.columns {
                throw RenderError(
                    file: file,
                    problem:
                        "sheet '\(sheet.name)' has \(width) columns; \(limits.format) allows at most \(limits.columns). \(limits.advice)"
                )
            }
            let hasHeader = !sheet.columns.isEmpty
            var firstTotal = sheet.rows.firstIndex(where: \.isTotal) ?? sheet.rows.count
            while firstTotal > 0 && firstTotal < sheet.rows.count && sheet.rows[firstTotal - 1].cells.isEmpty {
                firstTotal -= 1
            }
            let perPart = limits.rows - (hasHeader ? 1 : 0)
            var start = 0
            repeat {
                let end = min(sheet.rows.count, start + perPart)
                planned.append(
                    Part(
                        sheet: index,
                        name: sheet.name,
                        rows: start..<end,
                        width: width,
                        hasHeader: hasHeader,
                        firstTotal: firstTotal
                    )
                )
                start = end
            } while start < sheet.rows.count
        }
        var partNumbers: [Int] = []
        for (position, part) in planned.enumerated() {
            let previous = position > 0 ? planned[position - 1] : nil
            partNumbers.append(previous?.sheet == part.sheet ? partNumbers[position - 1] + 1 : 1)
        }
        let names = SheetName.unique(zip(planned, partNumbers).map { (name: $0.0.name, part: $0.1) })
        for position in planned.indices { planned[position].name = names[position] }
        self.parts = planned
        self.styles = StyleTable(used)
    }

    /// The style of a header title over a column of `kind`.
    static func headerStyle(_ kind: Column.Kind) -> StyleKey {
        StyleKey(format: .text, bold: true, alignRight: kind != .text)
    }
}
