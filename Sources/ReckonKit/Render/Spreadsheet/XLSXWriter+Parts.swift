/// The small parts of the package: content types, relationships, the workbook and the styles.
extension XLSXWriter {
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationshipsNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"

    static func writeContentTypes(_ layout: SpreadsheetLayout, to xml: XMLFileWriter) throws(RenderError) {
        try xml.start("Types")
        try xml.attribute("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")
        for (fileExtension, type) in [
            ("rels", "application/vnd.openxmlformats-package.relationships+xml"), ("xml", "application/xml"),
        ] {
            try xml.start("Default")
            try xml.attribute("Extension", fileExtension)
            try xml.attribute("ContentType", type)
            try xml.end()
        }
        var overrides = [
            ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
        ]
        for index in layout.parts.indices {
            overrides.append(
                (
                    "/xl/worksheets/sheet\(index + 1).xml",
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
                )
            )
        }
        overrides.append(("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"))
        for (part, type) in overrides {
            try xml.start("Override")
            try xml.attribute("PartName", part)
            try xml.attribute("ContentType", type)
            try xml.end()
        }
        try xml.end()
    }

    static func writePackageRelationships(to xml: XMLFileWriter) throws(RenderError) {
        try xml.start("Relationships")
        try xml.attribute("xmlns", packageRelationshipsNamespace)
        try relationship("rId1", type: "officeDocument", target: "xl/workbook.xml", to: xml)
        try xml.end()
    }

    static func writeWorkbookRelationships(_ layout: SpreadsheetLayout, to xml: XMLFileWriter) throws(RenderError) {
        try xml.start("Relationships")
        try xml.attribute("xmlns", packageRelationshipsNamespace)
        for index in layout.parts.indices {
            try relationship("rId\(index + 1)", type: "worksheet", target: "worksheets/sheet\(index + 1).xml", to: xml)
        }
        try relationship("rId\(layout.parts.count + 1)", type: "styles", target: "styles.xml", to: xml)
        try xml.end()
    }

    private static func relationship(_ id: String, type: String, target: String, to xml: XMLFileWriter)
        throws(RenderError)
    {
        try xml.start("Relationship")
        try xml.attribute("Id", id)
        try xml.attribute("Type", "http://schemas.openxmlformats.org/officeDocument/2006/relationships/" + type)
        try xml.attribute("Target", target)
        try xml.end()
    }

    static func writeWorkbook(_ workbook: Workbook, layout: SpreadsheetLayout, to xml: XMLFileWriter)
        throws(RenderError)
    {
        try xml.start("workbook")
        try xml.attribute("xmlns", mainNamespace)
        try xml.attribute("xmlns:r", relationshipsNamespace)
        try xml.start("bookViews")
        try xml.start("workbookView")
        try xml.end()
        try xml.end()
        try xml.start("sheets")
        for (index, part) in layout.parts.enumerated() {
            try xml.start("sheet")
            try xml.attribute("name", part.name)
            try xml.attribute("sheetId", String(index + 1))
            try xml.attribute("r:id", "rId\(index + 1)")
            try xml.end()
        }
        try xml.end()
        let filtered = layout.parts.enumerated().filter { $0.element.hasHeader }
        if !filtered.isEmpty {
            try xml.start("definedNames")
            for (index, part) in filtered {
                let columns = workbook.sheets[part.sheet].columns.count
                try xml.start("definedName")
                try xml.attribute("name", "_xlnm._FilterDatabase")
                try xml.attribute("localSheetId", String(index))
                try xml.attribute("hidden", "1")
                try xml.text(
                    "\(SheetName.quoted(part.name))!$A$1:$\(columnLetters(columns - 1))$\(part.lastFilteredRow)"
                )
                try xml.end()
                // The header row repeats at the top of every printed page.
                try xml.start("definedName")
                try xml.attribute("name", "_xlnm.Print_Titles")
                try xml.attribute("localSheetId", String(index))
                try xml.text("\(SheetName.quoted(part.name))!$1:$1")
                try xml.end()
            }
            try xml.end()
        }
        try xml.end()
    }

    /// The built-in number formats of Office Open XML that Reckon uses (ECMA-376 §18.8.30); other
    /// codes get custom numbers from 164 on.
    static func builtinFormatID(_ format: FormatKey) -> Int? {
        switch format {
        case .general: return 0
        case .integer: return 1
        case .money(digits: 0): return 3
        case .money(digits: 2): return 4
        case .percent(digits: 0): return 9
        case .percent(digits: 2): return 10
        case .text: return 49
        default: return nil
        }
    }

    static func writeStyles(_ styles: StyleTable, to xml: XMLFileWriter) throws(RenderError) {
        var formatIDs: [FormatKey: Int] = [:]
        var custom: [FormatKey] = []
        for format in Set(styles.keys.map(\.format)).sorted() {
            if let id = builtinFormatID(format) {
                formatIDs[format] = id
            } else {
                formatIDs[format] = 164 + custom.count
                custom.append(format)
            }
        }
        try xml.start("styleSheet")
        try xml.attribute("xmlns", mainNamespace)
        if !custom.isEmpty {
            try xml.start("numFmts")
            try xml.attribute("count", String(custom.count))
            for format in custom {
                try xml.start("numFmt")
                try xml.attribute("numFmtId", String(formatIDs[format] ?? 0))
                try xml.attribute("formatCode", format.code)
                try xml.end()
            }
            try xml.end()
        }
        try xml.start("fonts")
        try xml.attribute("count", "2")
        for bold in [false, true] {
            try xml.start("font")
            if bold {
                try xml.start("b")
                try xml.end()
            }
            try valueElement("sz", "11", to: xml)
            try valueElement("name", "Calibri", to: xml)
            try valueElement("family", "2", to: xml)
            try xml.end()
        }
        try xml.end()
        try xml.start("fills")
        try xml.attribute("count", "2")
        for pattern in ["none", "gray125"] {
            try xml.start("fill")
            try xml.start("patternFill")
            try xml.attribute("patternType", pattern)
            try xml.end()
            try xml.end()
        }
        try xml.end()
        try xml.start("borders")
        try xml.attribute("count", "1")
        try xml.start("border")
        for side in ["left", "right", "top", "bottom", "diagonal"] {
            try xml.start(side)
            try xml.end()
        }
        try xml.end()
        try xml.end()
        try xml.start("cellStyleXfs")
        try xml.attribute("count", "1")
        try formatRecord(numberFormat: 0, bold: false, to: xml)
        try xml.end()
        try xml.end()
        try xml.start("cellXfs")
        try xml.attribute("count", String(styles.keys.count))
        for key in styles.keys {
            let numberFormat = formatIDs[key.format] ?? 0
            try formatRecord(numberFormat: numberFormat, bold: key.bold, to: xml)
            try xml.attribute("xfId", "0")
            if numberFormat != 0 { try xml.attribute("applyNumberFormat", "1") }
            if key.bold { try xml.attribute("applyFont", "1") }
            if key.alignRight {
                try xml.attribute("applyAlignment", "1")
                try xml.start("alignment")
                try xml.attribute("horizontal", "right")
                try xml.end()
            }
            try xml.end()
        }
        try xml.end()
        try xml.start("cellStyles")
        try xml.attribute("count", "1")
        try xml.start("cellStyle")
        try xml.attribute("name", "Normal")
        try xml.attribute("xfId", "0")
        try xml.attribute("builtinId", "0")
        try xml.end()
        try xml.end()
        try xml.end()
    }

    /// Opens an `<xf>` with its number format and font; the caller adds to it and closes it.
    private static func formatRecord(numberFormat: Int, bold: Bool, to xml: XMLFileWriter) throws(RenderError) {
        try xml.start("xf")
        try xml.attribute("numFmtId", String(numberFormat))
        try xml.attribute("fontId", bold ? "1" : "0")
        try xml.attribute("fillId", "0")
        try xml.attribute("borderId", "0")
    }

    private static func valueElement(_ name: String, _ value: String, to xml: XMLFileWriter) throws(RenderError) {
        try xml.start(name)
        try xml.attribute("val", value)
        try xml.end()
    }

    /// The letters of a 0-based column index: 0 → `A`, 25 → `Z`, 26 → `AA`, 16,383 → `XFD`.
    static func columnLetters(_ index: Int) -> String {
        var letters: [UInt8] = []
        var rest = index + 1
        while rest > 0 {
            let digit = (rest - 1) % 26
            letters.append(UInt8(ascii: "A") + UInt8(digit))
            rest = (rest - 1) / 26
        }
        return String(decoding: letters.reversed(), as: UTF8.self)
    }
}
