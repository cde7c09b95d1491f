import CLibXML2
import Foundation

/// Streams an XML document to a file through libxml2's `xmlTextWriter`, so memory stays flat
/// whatever the size of the document.
///
/// Contract: every text and attribute value goes through ``XMLText/sanitize(_:)`` and is then
/// escaped by libxml2 (`&`, `<`, `>`, `"`, and CR, LF and tab in attributes), so the output is
/// well-formed for any input. Element and attribute **names** are Reckon's own constants and are
/// written as given. Every libxml2 call is checked; a failure (disk full, folder removed) throws a
/// ``RenderError`` that names the file.
///
/// The file is opened with `fopen`, not through libxml2's URI handling, so a path holding `%` or
/// `?` is written exactly where it says. Call ``finish()`` to complete the document; a writer
/// dropped without it frees its resources and leaves an incomplete file for the caller to remove.
final class XMLFileWriter {
    /// The file being written.
    let path: String
    private var file: UnsafeMutablePointer<FILE>?
    private var writer: xmlTextWriterPtr?

    /// Creates `path` (replacing a file there) and starts an XML 1.0 UTF-8 document.
    init(path: String, standalone: Bool = false) throws(RenderError) {
        LibXML2.initialize()
        self.path = path
        guard let file = fopen(path, "wb") else {
            throw RenderError(
                file: path,
                problem:
                    "cannot create the file: \(LibXML2.systemError()); check that the folder exists and is writable"
            )
        }
        self.file = file
        // The writer owns the buffer from here on and frees it; the file stays ours to close.
        guard let buffer = xmlOutputBufferCreateFile(file, nil) else {
            fclose(file)
            self.file = nil
            throw RenderError(file: path, problem: "libxml2 could not set up its output buffer (out of memory?)")
        }
        guard let writer = xmlNewTextWriter(buffer) else {
            xmlOutputBufferClose(buffer)
            fclose(file)
            self.file = nil
            throw RenderError(file: path, problem: "libxml2 could not set up its XML writer (out of memory?)")
        }
        self.writer = writer
        try check(xmlTextWriterStartDocument(writer, "1.0", "UTF-8", standalone ? "yes" : nil), "the XML declaration")
    }

    deinit {
        if let writer { xmlFreeTextWriter(writer) }
        if let file { fclose(file) }
    }

    /// Writes a processing instruction such as `<?mso-application progid="Excel.Sheet"?>`.
    /// libxml2 does not escape its content, so content holding `?>` is refused.
    func processingInstruction(_ target: String, _ content: String) throws(RenderError) {
        let writer = try open()
        guard !content.contains("?>") else {
            throw RenderError(file: path, problem: "internal error: a processing instruction cannot contain '?>'")
        }
        let result = target.withCString { target in
            XMLText.sanitize(content).withCString { xmlTextWriterWritePI(writer, xmlChars(target), xmlChars($0)) }
        }
        try check(result, "a processing instruction")
    }

    /// Opens the element `name`.
    func start(_ name: String) throws(RenderError) {
        let writer = try open()
        try check(name.withCString { xmlTextWriterStartElement(writer, xmlChars($0)) }, name)
    }

    /// Writes an attribute of the element just opened; `value` is sanitised and escaped.
    func attribute(_ name: String, _ value: String) throws(RenderError) {
        let writer = try open()
        let result = name.withCString { name in
            XMLText.sanitize(value).withCString { xmlTextWriterWriteAttribute(writer, xmlChars(name), xmlChars($0)) }
        }
        try check(result, name)
    }

    /// Writes character data; `text` is sanitised and escaped.
    func text(_ text: String) throws(RenderError) {
        let writer = try open()
        try check(XMLText.sanitize(text).withCString { xmlTextWriterWriteString(writer, xmlChars($0)) }, "text")
    }

    /// Closes the innermost open element, as `<name/>` when it is empty.
    func end() throws(RenderError) { try check(xmlTextWriterEndElement(try open()), "an end tag") }

    /// Writes `<name>text</name>`.
    func element(_ name: String, _ text: String) throws(RenderError) {
        try start(name)
        try self.text(text)
        try end()
    }

    /// Closes every open element, flushes, and closes the file.
    ///
    /// - Throws: ``RenderError`` when any byte could not be written (for example a full disk).
    func finish() throws(RenderError) {
        let writer = try open()
        try check(xmlTextWriterEndDocument(writer), "the end of the document")
        try check(xmlTextWriterFlush(writer), "the last block")
        xmlFreeTextWriter(writer)
        self.writer = nil
        guard let file else { return }
        self.file = nil
        let failed = ferror(file) != 0
        let closed = fclose(file) == 0
        if failed || !closed {
            throw RenderError(
                file: path,
                problem: "could not write the file to the end: \(LibXML2.systemError()); is the disk full?"
            )
        }
    }

    /// A C string as libxml2's `const xmlChar *`. `withCString` hands out the string's own UTF-8
    /// bytes where it can; the implicit `String` to `UnsafePointer<UInt8>` conversion copies them
    /// into a new array on every call (measured: 5 % of a million-cell write).
    private func xmlChars(_ text: UnsafePointer<CChar>) -> UnsafePointer<xmlChar> {
        UnsafeRawPointer(text).assumingMemoryBound(to: xmlChar.self)
    }

    private func open() throws(RenderError) -> xmlTextWriterPtr {
        guard let writer else {
            throw RenderError(file: path, problem: "internal error: the XML writer was used after it finished")
        }
        return writer
    }

    private func check(_ result: Int32, _ what: String) throws(RenderError) {
        if result < 0 {
            throw RenderError(
                file: path,
                problem: "could not write \(what): \(LibXML2.systemError()); is the disk full?"
            )
        }
    }
}
