import Foundation
import Testing

@testable import ReckonKit

@Suite struct SpreadsheetMLWriterTests {
    /// One cell as Python's ElementTree reads it back: column, `ss:Type`, text, format, bold.
    struct GridCell: Decodable, Equatable, CustomStringConvertible {
        var c: Int
        var t: String
        var v: String
        var f: String
        var b: Bool
        var description: String { "\(c) \(t) \(f)\(b ? " bold" : "") \(v.prefix(40).debugDescription)" }
    }

    struct ReadSheet: Decodable {
        var name: String
        var rows: Int
        var cells: Int
        var frozen: Bool
        var filter: String?
        var widths: [String]
        var grid: [[GridCell]]?
        var sum: String?
        var firstId: Int?
        var lastId: Int?
    }

    struct ReadWorkbook: Decodable { var sheets: [ReadSheet] }

    /// Reads a SpreadsheetML file with `xml.etree.ElementTree`: per sheet the row and cell
    /// counts, frozen header, filter range and widths; small sheets cell by cell, big ones as the
    /// `decimal` sum of column 2 (the exact text of every number, added by Python).
    static let reader = """
        import sys, json, xml.etree.ElementTree as ET
        from decimal import Decimal
        SS = '{urn:schemas-microsoft-com:office:spreadsheet}'
        X = '{urn:schemas-microsoft-com:office:excel}'
        root = ET.parse(sys.argv[1]).getroot()
        styles = {}
        for st in root.iter(SS + 'Style'):
            nf, font = st.find(SS + 'NumberFormat'), st.find(SS + 'Font')
            styles[st.get(SS + 'ID')] = (nf.get(SS + 'Format') if nf is not None else 'General',
                                         font is not None and font.get(SS + 'Bold') == '1')
        out = []
        for ws in root.findall(SS + 'Worksheet'):
            table = ws.find(SS + 'Table')
            rows = table.findall(SS + 'Row')
            opts = ws.find(X + 'WorksheetOptions')
            af = ws.find(X + 'AutoFilter')
            sheet = {'name': ws.get(SS + 'Name'), 'rows': len(rows),
                     'cells': sum(len(r.findall(SS + 'Cell')) for r in rows),
                     'frozen': root.find(X + 'ExcelWorkbook') is not None
                               and opts is not None and opts.find(X + 'FreezePanes') is not None
                               and opts.findtext(X + 'SplitHorizontal') == '1'
                               and opts.findtext(X + 'TopRowBottomPane') == '1',
                     'filter': af.get(X + 'Range') if af is not None else None,
                     'widths': [c.get(SS + 'Width') for c in table.findall(SS + 'Column')]}
            if len(rows) <= 100:
                grid = []
                for r in rows:
                    cells, col = [], 0
                    for c in r.findall(SS + 'Cell'):
                        col = int(c.get(SS + 'Index', col + 1))
                        d = c.find(SS + 'Data')
                        f, b = styles[c.get(SS + 'StyleID', 'Default')]
                        cells.append({'c': col, 't': d.get(SS + 'Type'), 'v': d.text or '', 'f': f, 'b': b})
                    grid.append(cells)
                sheet['grid'] = grid
            else:
                total, ids = Decimal(0), []
                for r in rows[1:]:
                    cs = r.findall(SS + 'Cell')
                    ids.append(int(cs[0].find(SS + 'Data').text))
                    total += Decimal(cs[1].find(SS + 'Data').text)
                sheet['sum'] = format(total.normalize(), 'f')
                sheet['firstId'], sheet['lastId'] = ids[0], ids[-1]
            out.append(sheet)
        print(json.dumps({'sheets': out}))
        """

    /// What the reader must find for a small sheet: the titles in bold as text, then every
    /// non-empty cell with its SpreadsheetML type, exact text and format.
    static func expectedGrid(_ sheet: Sheet) -> [[GridCell]] {
        var grid: [[GridCell]] = []
        if !sheet.columns.isEmpty {
            grid.append(
                sheet.columns.enumerated()
                    .map {
                        GridCell(c: $0.offset + 1, t: "String", v: Cell.cellText($0.element.title), f: "@", b: true)
                    }
            )
        }
        for row in sheet.rows {
            var cells: [GridCell] = []
            for (index, cell) in row.cells.enumerated() {
                let (type, text): (String, String)
                switch cell {
                case .text(let value): (type, text) = ("String", Cell.cellText(value))
                case .number(let amount, _): (type, text) = ("Number", amount.description)
                case .integer(let value): (type, text) = ("Number", String(value))
                case .date(let day) where day >= Cell.firstExcelDay: (type, text) = ("DateTime", "\(day)T00:00:00.000")
                case .date(let day): (type, text) = ("String", day.description)
                case .empty: continue
                }
                cells.append(GridCell(c: index + 1, t: type, v: text, f: cell.formatKey?.code ?? "", b: row.isTotal))
            }
            grid.append(cells)
        }
        return grid
    }

    @Test func writesAWorkbookThatLibxml2AndPythonReadBackExactly() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/costs.xml"
        var workbook = SpreadsheetFixtures.smallWorkbook
        workbook.sheets.append(SpreadsheetFixtures.bigSheet(rows: 70_000))
        try SpreadsheetMLWriter.write(workbook, to: path)

        try XMLCheck.checkXML(path: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["costs.xml"])
        // Every sheet prints landscape, one page wide, with its header row on every page.
        let text = String(decoding: try FileSystem.read(path), as: UTF8.self)
        let sheets = text.components(separatedBy: "<Worksheet ").count - 1
        #expect(text.components(separatedBy: #"<Layout x:Orientation="Landscape"/>"#).count - 1 == sheets)
        #expect(text.components(separatedBy: "<FitToPage/>").count - 1 == sheets)
        #expect(text.contains(#"<NamedRange ss:Name="Print_Titles" ss:RefersTo="='Costs'!R1"/>"#))

        let read = try Python.json(ReadWorkbook.self, Self.reader, [path])
        #expect(read.sheets.map(\.name) == SpreadsheetFixtures.smallWorkbookNames + ["Rows", "Rows (2)"])

        // Small sheets, cell by cell.
        for (sheet, found) in zip(SpreadsheetFixtures.smallWorkbook.sheets, read.sheets) {
            let grid = try #require(found.grid)
            let expected = Self.expectedGrid(sheet)
            #expect(grid.count == expected.count, "\(found.name)")
            for (line, (actual, wanted)) in zip(grid, expected).enumerated() {
                #expect(actual == wanted, "\(found.name) row \(line + 1)")
            }
            #expect(found.frozen == !sheet.columns.isEmpty, "\(found.name)")
        }

        // The formats, spelled out.
        let costs = try #require(read.sheets[0].grid)
        #expect(costs[1].map(\.f) == ["yyyy-mm-dd", "@", "#,##0.00", "#,##0", "#,##0.000", "0.0%", "General", "0"])
        #expect(
            costs[1].map(\.v) == [
                "2026-10-01T00:00:00.000", "Contoso Production", "1234.5", "152000", "12.345", "0.125",
                "0.000072922557592392", "42",
            ]
        )
        #expect(costs[2].map(\.v)[2...5] == ["-99.99", "-1500", "-0.001", "-0.05"])
        #expect(costs[3][0] == GridCell(c: 1, t: "String", v: "1899-12-31", f: "@", b: false))
        #expect(costs[5].map(\.c) == [1, 4, 8])
        #expect(costs[6].isEmpty)
        #expect(costs[7].allSatisfy { $0.b })
        // The filter covers the header and the data rows, not the empty row and the total after them.
        #expect(read.sheets[0].filter == "R1C1:R6C8")
        #expect(read.sheets[0].widths.first == "61.5")

        // Hostile text is text, safe, and exactly what was written (CR survives as &#13;).
        let hostile = try #require(read.sheets[1].grid).dropFirst().map { $0[0] }
        #expect(hostile.allSatisfy { $0.t == "String" })
        #expect(hostile[1].v == "=HYPERLINK(\"http://x\")")
        #expect(hostile[6].v == "\u{FFFD}\u{FFFD}")
        #expect(hostile[9].v == "line 1\nline 2\r\nline 3\rend")
        let long = try #require(hostile.last).v
        #expect(long.utf16.count <= 32_767)
        #expect(long.hasPrefix("a€a€"))
        #expect(long.hasSuffix("… [cut: 100000 characters in all]"))

        // The big sheet: split at 65,536 rows, header repeated, every amount exact.
        let parts = read.sheets.suffix(2)
        #expect(parts.map(\.rows) == [65_536, 70_000 - 65_535 + 1])
        #expect(parts.map(\.cells) == [65_536 * 2, (70_000 - 65_535 + 1) * 2])
        #expect(parts.map(\.firstId) == [1, 65_536])
        #expect(parts.map(\.lastId) == [65_535, 70_000])
        #expect(
            parts.map(\.sum) == [
                SpreadsheetFixtures.bigSum(0..<65_535).description,
                SpreadsheetFixtures.bigSum(65_535..<70_000).description,
            ]
        )
        #expect(parts.map(\.filter) == ["R1C1:R65536C2", "R1C1:R4466C2"])
        #expect(parts.allSatisfy { $0.frozen })
    }

    @Test func anEmptyWorkbookIsAnErrorThatNamesTheFile() {
        #expect(
            throws: RenderError(
                file: "/tmp/none.xml",
                problem: "the workbook has no sheets; a spreadsheet needs at least one"
            )
        ) { try SpreadsheetMLWriter.write(Workbook(sheets: []), to: "/tmp/none.xml") }
    }

    @Test func aSheetWiderThan256ColumnsIsAnError() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let wide = Sheet(name: "Wide", columns: (1...257).map { Column("C\($0)") })
        let error = try #require(throws: RenderError.self) {
            try SpreadsheetMLWriter.write(Workbook(sheets: [wide]), to: folder + "/wide.xml")
        }
        #expect(error.description.contains("sheet 'Wide' has 257 columns; SpreadsheetML 2003 allows at most 256"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func aMissingFolderIsAnErrorAndLeavesNothingBehind() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/missing/costs.xml"
        let error = try #require(throws: RenderError.self) {
            try SpreadsheetMLWriter.write(SpreadsheetFixtures.smallWorkbook, to: path)
        }
        #expect(error.file == path)
        #expect(error.problem.contains("cannot create the file"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test(arguments: [(1, "9"), (11, "61.5"), (12, "66.75"), (255, "1342.5"), (0, "9"), (1000, "1342.5")])
    func columnWidthsAreInPoints(characters: Int, points: String) {
        #expect(SpreadsheetMLWriter.points(forCharacters: characters) == points)
    }
}
