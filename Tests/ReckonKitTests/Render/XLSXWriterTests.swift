import Foundation
import Testing

@testable import ReckonKit

@Suite struct XLSXWriterTests {
    /// One cell as openpyxl reads it: column, openpyxl's data type (`s`, `n`, `d`), Python type,
    /// value, number format and bold.
    struct ReadCell: Decodable, Equatable, CustomStringConvertible {
        var c: Int
        var t: String
        var k: String
        var v: String
        var f: String
        var b: Bool
        var description: String { "\(c) \(t)/\(k) \(f)\(b ? " bold" : "") \(v.prefix(40).debugDescription)" }
    }

    struct ReadSheet: Decodable {
        var name: String
        var maxRow: Int
        var maxColumn: Int
        var grid: [[ReadCell]]?
        var freeze: String?
        var filter: String?
        var widths: [Double]?
        /// How it prints: orientation, fit to page, pages wide and tall (0: as many as needed),
        /// and the rows repeated on every page.
        var print: [String]?
        /// The exact text of each `<v>` of the sheet's XML, by cell reference.
        var values: [String: String]?
    }

    struct ReadWorkbook: Decodable { var sheets: [ReadSheet] }

    /// Reads an .xlsx with openpyxl in read-only mode (names, sizes, every cell's type, value,
    /// format and font), then in normal mode for the frozen pane, the filter and the widths, and
    /// reads the raw `<v>` texts with `zipfile` to compare numbers exactly.
    static let reader = """
        import sys, json, zipfile, openpyxl, xml.etree.ElementTree as ET
        from openpyxl.utils import get_column_letter
        path, small = sys.argv[1], sys.argv[2] == 'small'
        wb = openpyxl.load_workbook(path, read_only=True)
        out = []
        for ws in wb.worksheets:
            s = {'name': ws.title, 'maxRow': ws.max_row, 'maxColumn': ws.max_column}
            if small:
                grid = []
                for row in ws.iter_rows():
                    cells = []
                    for c in row:
                        if c.value is None:
                            continue
                        v = c.value
                        cells.append({'c': c.column, 't': c.data_type, 'k': type(v).__name__,
                                      'v': v.isoformat() if hasattr(v, 'isoformat') else str(v),
                                      'f': c.number_format, 'b': bool(c.font.b)})
                    grid.append(cells)
                s['grid'] = grid
            out.append(s)
        wb.close()
        if small:
            wb = openpyxl.load_workbook(path)
            for s, ws in zip(out, wb.worksheets):
                s['freeze'] = ws.freeze_panes
                s['filter'] = ws.auto_filter.ref
                s['widths'] = [ws.column_dimensions[get_column_letter(i + 1)].width for i in range(ws.max_column)]
                s['print'] = [str(ws.page_setup.orientation), str(ws.sheet_properties.pageSetUpPr.fitToPage),
                              str(ws.page_setup.fitToWidth), str(ws.page_setup.fitToHeight), str(ws.print_title_rows)]
            M = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
            with zipfile.ZipFile(path) as z:
                for i, s in enumerate(out):
                    root = ET.fromstring(z.read('xl/worksheets/sheet%d.xml' % (i + 1)))
                    s['values'] = {c.get('r'): c.findtext(M + 'v') for c in root.iter(M + 'c') if c.find(M + 'v') is not None}
        print(json.dumps({'sheets': out}))
        """

    static func check(_ path: String, small: Bool) throws -> ReadWorkbook {
        try #require(
            Python.hasOpenpyxl,
            "openpyxl is not installed: python3 -m pip install openpyxl (.ci/run installs it)"
        )
        return try Python.json(ReadWorkbook.self, reader, [path, small ? "small" : "big"])
    }

    @Test func openpyxlReadsNamesTypesFormatsPanesAndFilters() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/costs.xlsx"
        try XLSXWriter.write(SpreadsheetFixtures.smallWorkbook, to: path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["costs.xlsx"])
        let read = try Self.check(path, small: true)
        #expect(read.sheets.map(\.name) == SpreadsheetFixtures.smallWorkbookNames)

        let costs = read.sheets[0]
        #expect(costs.freeze == "A2")
        // The filter covers the header and the data rows, not the empty row and the total after them.
        #expect(costs.filter == "A1:H6")
        #expect(costs.print == ["landscape", "True", "1", "0", "$1:$1"])
        #expect(costs.maxRow == 8 && costs.maxColumn == 8)
        #expect(costs.widths?.first == 11.7109375)
        let grid = try #require(costs.grid)
        #expect(grid[0].allSatisfy { $0.t == "s" && $0.b && $0.f == "@" })
        #expect(grid[0].map(\.v) == SpreadsheetFixtures.costColumns.map(\.title))
        #expect(grid[1].map(\.f) == ["yyyy-mm-dd", "@", "#,##0.00", "#,##0", "#,##0.000", "0.0%", "General", "0"])
        #expect(grid[1].map(\.t) == ["d", "s", "n", "n", "n", "n", "n", "n"])
        #expect(grid[1][0].v == "2026-10-01T00:00:00")
        #expect(grid[1].allSatisfy { !$0.b })
        #expect(grid[3][0] == ReadCell(c: 1, t: "s", k: "str", v: "1899-12-31", f: "@", b: false))
        #expect(grid[5].map(\.c) == [1, 4, 8])
        #expect(grid[7].map(\.v) == ["Total", "12345678902369.07", "100000000150500", "1000012.345"])
        #expect(grid[7].allSatisfy { $0.b })

        // The numbers in the file are the amounts' exact decimal text, never a Double's.
        let values = try #require(costs.values)
        #expect(values["C3"] == "-99.99")
        #expect(values["D3"] == "-1500")
        #expect(values["E3"] == "-0.001")
        #expect(values["G2"] == "0.000072922557592392")
        #expect(values["G5"] == "99999999999999999999.999999999999999999")
        #expect(values["H5"] == String(Int.max))
        #expect(values["A2"] == "46296")  // 2026-10-01 as an Excel day number

        // Hostile text stays text (inline strings), including the would-be formulas.
        let hostile = try #require(read.sheets[1].grid).dropFirst().map { $0[0] }
        #expect(hostile.count == SpreadsheetFixtures.hostileTexts.count)
        #expect(hostile[13].v == "")
        #expect(hostile.allSatisfy { $0.t == "s" && $0.k == "str" })
        #expect(hostile[1].v == "=HYPERLINK(\"http://x\")")
        #expect(hostile[2].v == "+1+2" && hostile[3].v == "-3" && hostile[4].v == "@SUM(A1:A2)")
        #expect(hostile[6].v == "\u{FFFD}\u{FFFD}")
        #expect(hostile[10].v == "\ttab first and last\t")
        #expect(hostile[11].v == "  spaces around  ")
        #expect(hostile.last?.v == Cell.cellText(SpreadsheetFixtures.longText))

        // A sheet without columns has no header, pane or filter.
        #expect(read.sheets[4].freeze == nil && read.sheets[4].filter == nil)
        #expect(read.sheets[5].maxRow == 1)
    }

    @Test func theSameWorkbookGivesTheSameBytes() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var workbook = SpreadsheetFixtures.smallWorkbook
        workbook.sheets.append(SpreadsheetFixtures.bigSheet(rows: 2_000))
        try XLSXWriter.write(workbook, to: folder + "/a.xlsx")
        try XLSXWriter.write(workbook, to: folder + "/b.xlsx")
        #expect(FileSystem.sameContent(folder + "/a.xlsx", folder + "/b.xlsx"))

        let entries = try Python.run(
            """
            import sys, zipfile
            for i in zipfile.ZipFile(sys.argv[1]).infolist():
                print(i.filename, i.date_time, i.compress_type, oct(i.external_attr >> 16))
            """,
            [folder + "/a.xlsx"]
        )
        let sheets = (1...7).map { "xl/worksheets/sheet\($0).xml (1980, 1, 1, 0, 0, 0) 8 0o100644" }
        #expect(
            entries.split(separator: "\n").map(String.init) == [
                "[Content_Types].xml (1980, 1, 1, 0, 0, 0) 8 0o100644", "_rels/.rels (1980, 1, 1, 0, 0, 0) 8 0o100644",
                "xl/workbook.xml (1980, 1, 1, 0, 0, 0) 8 0o100644",
                "xl/_rels/workbook.xml.rels (1980, 1, 1, 0, 0, 0) 8 0o100644",
                "xl/styles.xml (1980, 1, 1, 0, 0, 0) 8 0o100644",
            ] + sheets
        )
    }

    @Test func everyPartIsWellFormedAndABigSheetIsNotSplit() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/rows.xlsx"
        var workbook = SpreadsheetFixtures.smallWorkbook
        workbook.sheets.append(SpreadsheetFixtures.bigSheet(rows: 70_000))
        try XLSXWriter.write(workbook, to: path)

        let read = try Self.check(path, small: false)
        #expect(read.sheets.map(\.name) == SpreadsheetFixtures.smallWorkbookNames + ["Rows"])
        #expect(read.sheets.last?.maxRow == 70_001)

        let parts = folder + "/parts"
        let names = try Python.run(
            "import sys, zipfile\nz = zipfile.ZipFile(sys.argv[1]); z.extractall(sys.argv[2]); print('\\n'.join(z.namelist()))",
            [path, parts]
        )
        for name in names.split(separator: "\n") { try XMLCheck.checkXML(path: parts + "/" + name) }
    }

    @Test(arguments: [
        (0, "A"), (25, "Z"), (26, "AA"), (51, "AZ"), (52, "BA"), (701, "ZZ"), (702, "AAA"), (16_383, "XFD"),
    ]) func columnLetters(index: Int, letters: String) { #expect(XLSXWriter.columnLetters(index) == letters) }

    @Test(arguments: [(12, "12.7109375"), (11, "11.7109375"), (1, "1.7109375"), (255, "255.7109375")])
    func columnWidthsAreInCharactersAsExcelStoresThem(characters: Int, width: String) {
        #expect(XLSXWriter.width(forCharacters: characters) == width)
    }
}
