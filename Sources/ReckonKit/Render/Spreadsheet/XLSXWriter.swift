import Foundation
import ZIPFoundation

/// Writes a ``Workbook`` as an Office Open XML workbook (`.xlsx`), which Excel, LibreOffice,
/// Numbers, Google Sheets and openpyxl read.
///
/// The package holds only the parts a workbook needs: `[Content_Types].xml`, `_rels/.rels`,
/// `xl/workbook.xml` (sheet names, and the hidden `_xlnm._FilterDatabase` names Excel keeps for
/// filters), `xl/_rels/workbook.xml.rels`, `xl/styles.xml` (number formats, a bold font for titles
/// and totals) and one `xl/worksheets/sheetN.xml` per sheet. Text cells are inline strings
/// (`t="inlineStr"`, so no shared-strings table is built in memory) and are never formulas,
/// whatever they start with; numbers are written with the amount's exact decimal text, dates as
/// Excel day numbers with the `yyyy-mm-dd` format. Each titled sheet has its top row frozen
/// (`<pane ySplit="1" topLeftCell="A2" state="frozen"/>`), an `<autoFilter>` over the titled
/// columns and the column widths.
///
/// **Memory and determinism.** Each part is streamed through libxml2's `xmlTextWriter` to a
/// temporary file, then deflated into the zip by ZIPFoundation in chunks, so memory stays flat.
/// The same workbook always gives the same bytes: entries are added in a fixed order, with the
/// modification date 1980-01-01 00:00 (the earliest a zip entry can hold) and permissions 0644.
///
/// **Limits.** A worksheet holds at most 1,048,576 rows and 16,384 columns. A sheet with more rows
/// is split like SpreadsheetML sheets (`name (2)`, …, header repeated); a wider sheet is an error.
public enum XLSXWriter {
    /// Rows per worksheet, the header included.
    public static let maximumRows = 1_048_576
    /// Columns per worksheet.
    public static let maximumColumns = 16_384

    static let limits = SpreadsheetLayout.Limits(
        format: "Office Open XML (.xlsx)",
        rows: maximumRows,
        columns: maximumColumns,
        advice: "Split the columns over several sheets."
    )

    /// The modification date of every zip entry: 1980-01-01T00:00:00Z.
    static let entryDate = Date(timeIntervalSince1970: 315_532_800)

    /// Writes `workbook` to `path`, replacing any file there.
    ///
    /// - Parameters:
    ///   - workbook: The workbook; it needs at least one sheet.
    ///   - path: The file to write, conventionally ending in `.xlsx`.
    /// - Throws: ``RenderError`` naming `path` when the workbook has no sheets, a sheet has more
    ///   than 16,384 columns, or the file cannot be written (folder missing, disk full). Nothing is
    ///   left at `path` or beside it after a failure.
    public static func write(_ workbook: Workbook, to path: String) throws(RenderError) {
        let layout = try SpreadsheetLayout(workbook, limits: limits, file: path)
        let folder = StagedFile.sibling(of: path, suffix: "parts")
        do { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false) } catch {
            throw RenderError(
                file: path,
                problem: "cannot create a temporary folder beside the file: \(error.localizedDescription)"
            )
        }
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let staged = StagedFile(destination: path)
        do {
            let entries = try LibXML2.quietly { () throws(RenderError) in
                try writeParts(workbook, layout: layout, in: folder)
            }
            try zip(entries, to: staged.temporary)
        } catch {
            staged.discard()
            throw RenderError(file: path, problem: error.problem)
        }
        try staged.commit()
    }

    /// Streams every part of the package to its own file in `folder`; returns the zip entry names
    /// and files, in the order they go into the zip.
    private static func writeParts(_ workbook: Workbook, layout: SpreadsheetLayout, in folder: String)
        throws(RenderError) -> [(name: String, file: String)]
    {
        var entries: [(name: String, file: String)] = []
        func part(_ name: String, _ body: (XMLFileWriter) throws(RenderError) -> Void) throws(RenderError) {
            let file = folder + "/part\(entries.count).xml"
            let xml = try XMLFileWriter(path: file, standalone: true)
            try body(xml)
            try xml.finish()
            entries.append((name, file))
        }
        try part("[Content_Types].xml") { xml throws(RenderError) in try writeContentTypes(layout, to: xml) }
        try part("_rels/.rels") { xml throws(RenderError) in try writePackageRelationships(to: xml) }
        try part("xl/workbook.xml") { xml throws(RenderError) in try writeWorkbook(workbook, layout: layout, to: xml) }
        try part("xl/_rels/workbook.xml.rels") { xml throws(RenderError) in
            try writeWorkbookRelationships(layout, to: xml)
        }
        try part("xl/styles.xml") { xml throws(RenderError) in try writeStyles(layout.styles, to: xml) }
        for (index, sheetPart) in layout.parts.enumerated() {
            try part("xl/worksheets/sheet\(index + 1).xml") { xml throws(RenderError) in
                try writeWorksheet(sheetPart, of: workbook.sheets[sheetPart.sheet], styles: layout.styles, to: xml)
            }
        }
        return entries
    }

    /// Deflates the parts into a new zip file at `archivePath`, in the given order, with fixed
    /// dates and permissions.
    private static func zip(_ entries: [(name: String, file: String)], to archivePath: String) throws(RenderError) {
        do {
            let archive = try Archive(url: URL(fileURLWithPath: archivePath), accessMode: .create)
            for (name, file) in entries {
                guard let handle = FileHandle(forReadingAtPath: file), let size = FileSystem.size(of: file) else {
                    throw RenderError(
                        file: archivePath,
                        problem: "cannot read back the part \(name) written a moment ago"
                    )
                }
                defer { try? handle.close() }
                try archive.addEntry(
                    with: name,
                    type: .file,
                    uncompressedSize: Int64(size),
                    modificationDate: entryDate,
                    permissions: 0o644,
                    compressionMethod: .deflate,
                    bufferSize: 1 << 16
                ) { _, count in try handle.read(upToCount: count) ?? Data() }
            }
        } catch let error as RenderError { throw error } catch {
            throw RenderError(file: archivePath, problem: "cannot write the zip container: \(error); is the disk full?")
        }
    }
}
