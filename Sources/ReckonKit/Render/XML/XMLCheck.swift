import CLibXML2
import Foundation

/// Checks that a file Reckon wrote is well-formed, with libxml2, streaming (memory stays flat for a
/// 60 MB workbook).
///
/// Errors are captured through a structured error handler on each parser, never printed: libxml2's
/// own error output is switched off (`XML_PARSE_NOERROR`, `XML_PARSE_NOWARNING`, and a per-thread
/// handler that drops the I/O errors no parser catches), so checks on different threads do not see
/// each other's errors. The
/// check never reads the network and never loads external DTDs or entities (`XML_PARSE_NONET`,
/// no `XML_PARSE_DTDLOAD`/`XML_PARSE_NOENT`).
///
/// What fails: anything that is not well-formed XML 1.0 (mismatched tags, a forbidden character,
/// an undefined entity, a bad encoding) and namespace errors (an undeclared prefix such as `ss:`),
/// which libxml2 reports as errors rather than warnings. Warnings do not fail. Validity against a
/// schema is not checked.
public enum XMLCheck {
    /// Checks that the file at `path` is a well-formed, namespace-correct XML document.
    ///
    /// - Parameter path: The file to read.
    /// - Throws: ``XMLCheckError`` naming the file, the 1-based line and column, and libxml2's
    ///   message for the first error; or for a file that cannot be opened.
    public static func checkXML(path: String) throws(XMLCheckError) { try check(path: path, rootElement: nil) }

    /// Checks a report page: an HTML5 document that is also well-formed XML, with root `<html>`.
    ///
    /// Decision: pages are checked **as XML**, not with libxml2's HTML parser. Reckon's templates
    /// emit HTML5 in its XML-compatible form (void elements closed as `<br/>`, only the five XML
    /// entities or numeric references such as `&#160;`, script text with no raw `<` or `&`). That
    /// check is strict and deterministic. libxml2's HTML parser (`htmlReadFile`) follows HTML 4: it
    /// reports valid HTML5 elements such as `<section>` or `<nav>` as errors and silently repairs
    /// real mistakes such as an unclosed `<td>`, so it would check both too much and too little.
    ///
    /// - Parameter path: The page to read.
    /// - Throws: ``XMLCheckError`` for the first well-formedness error, or when the root element
    ///   is not `html`.
    public static func checkHTML(path: String) throws(XMLCheckError) { try check(path: path, rootElement: "html") }

    /// Streams through the file with an `xmlTextReader`, stopping at the first error.
    private static func check(path: String, rootElement: String?) throws(XMLCheckError) {
        try LibXML2.quietly { () throws(XMLCheckError) in try read(path: path, rootElement: rootElement) }
    }

    private static func read(path: String, rootElement: String?) throws(XMLCheckError) {
        // Open the file ourselves: libxml2's own file opening treats the path as a URI (`%41`).
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw XMLCheckError(file: path, message: "cannot open the file: \(LibXML2.systemError())")
        }
        defer { close(descriptor) }
        // libxml2 calls an empty file "Extra content at the end of the document"; say it plainly.
        if FileSystem.size(of: path) == 0 {
            throw XMLCheckError(file: path, message: "the file is empty; expected an XML document")
        }
        let options = Int32(XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NONET.rawValue)
        guard let reader = xmlReaderForFd(descriptor, path, nil, options) else {
            throw XMLCheckError(file: path, message: "libxml2 could not start reading the file (out of memory?)")
        }
        defer { xmlFreeTextReader(reader) }

        let collector = ErrorCollector()
        try withExtendedLifetime(collector) { () throws(XMLCheckError) in
            xmlTextReaderSetStructuredErrorHandler(
                reader,
                { context, error in
                    guard let context, let error else { return }
                    Unmanaged<ErrorCollector>.fromOpaque(context).takeUnretainedValue().record(error.pointee)
                },
                Unmanaged.passUnretained(collector).toOpaque()
            )
            var status: Int32 = 1
            var sawRoot = false
            while collector.first == nil {
                status = xmlTextReaderRead(reader)
                guard status == 1 else { break }
                if !sawRoot, xmlTextReaderNodeType(reader) == Int32(XML_READER_TYPE_ELEMENT.rawValue) {
                    sawRoot = true
                    if let rootElement {
                        let name = xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? ""
                        if name != rootElement {
                            throw XMLCheckError(
                                file: path,
                                line: Int(xmlTextReaderGetParserLineNumber(reader)),
                                column: Int(xmlTextReaderGetParserColumnNumber(reader)),
                                message: "the root element is <\(name)>; a report page must start with <\(rootElement)>"
                            )
                        }
                    }
                }
            }
            if let first = collector.first {
                throw XMLCheckError(file: path, line: first.line, column: first.column, message: first.message)
            }
            if status < 0 {
                throw XMLCheckError(
                    file: path,
                    message: "libxml2 stopped reading the file without saying why (an I/O error?)"
                )
            }
            if !sawRoot { throw XMLCheckError(file: path, message: "the document has no root element") }
        }
    }
}

/// Keeps the first error libxml2 reports to a parser (warnings are ignored).
private final class ErrorCollector {
    struct Entry {
        var line: Int?
        var column: Int?
        var message: String
    }

    var first: Entry?

    func record(_ error: xmlError) {
        guard first == nil, error.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        var message = error.message.map { String(cString: $0) } ?? "libxml2 error \(error.code)"
        while message.last == "\n" || message.last == " " { message.removeLast() }
        first = Entry(
            line: error.line > 0 ? Int(error.line) : nil,
            column: error.int2 > 0 ? Int(error.int2) : nil,
            message: message
        )
    }
}
