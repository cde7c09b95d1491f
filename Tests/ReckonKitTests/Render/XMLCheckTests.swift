import Foundation
import Testing

@testable import ReckonKit

@Suite struct XMLCheckTests {
    /// Writes `text` to a fresh file in a folder that is removed when the suite instance ends.
    final class Files {
        let folder: String
        init() throws { folder = try Fixtures.temporaryFolder() }
        deinit { try? FileManager.default.removeItem(atPath: folder) }

        func file(_ text: String, name: String = "doc.xml") throws -> String {
            let path = folder + "/" + UUID().uuidString + "-" + name
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    let files: Files

    init() throws { files = try Files() }

    @Test func acceptsAWellFormedDocument() throws {
        let path = try files.file("<?xml version=\"1.0\"?>\n<a x=\"1\"><b>text &amp; more</b><c/></a>\n")
        try XMLCheck.checkXML(path: path)
    }

    /// Each broken document, the 1-based line and column libxml2 reports, and its message.
    @Test(
        arguments: [
            ("<a>\n  <b></a>\n", 2, 10, "Opening and ending tag mismatch: b line 2 and a"),
            ("<a>\u{1}</a>", 1, 4, "PCDATA invalid Char value 1"),
            ("<a>\n<b x=\"1\" x=\"2\"/></a>", 2, 15, "Attribute x redefined"),
            ("<a ss:x=\"1\"/>", 1, 12, "Namespace prefix ss for x on a is not defined"),
            ("<a/>\n<b/>", 2, 1, "Extra content at the end of the document"),
            ("", nil, nil, "the file is empty; expected an XML document"),
        ] as [(String, Int?, Int?, String)]
    ) func rejectsABrokenDocumentWithItsLineAndColumn(text: String, line: Int?, column: Int?, message: String) throws {
        let path = try files.file(text)
        let error = try #require(throws: XMLCheckError.self) { try XMLCheck.checkXML(path: path) }
        #expect(error == XMLCheckError(file: path, line: line, column: column, message: message))
    }

    @Test func theDescriptionReadsLikeACompilerMessage() {
        let error = XMLCheckError(
            file: "out/costs.xml",
            line: 2,
            column: 10,
            message: "Opening and ending tag mismatch: b line 2 and a"
        )
        #expect(error.description == "out/costs.xml:2:10: Opening and ending tag mismatch: b line 2 and a")
        #expect(
            XMLCheckError(file: "x.xml", message: "cannot open the file").description == "x.xml: cannot open the file"
        )
    }

    @Test func aMissingFileIsAnErrorNotACrash() throws {
        let error = try #require(throws: XMLCheckError.self) { try XMLCheck.checkXML(path: "/nonexistent/costs.xml") }
        #expect(error.description == "/nonexistent/costs.xml: cannot open the file: No such file or directory")
    }

    @Test func acceptsAnXMLCompatibleHTML5Page() throws {
        let page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"/><title>Close pack</title></head>
            <body><section><h1>October &#160;2026</h1><p>A &amp; B &lt; C<br/></p>
            <script>if (a &amp;&amp; b) {}</script></section></body></html>
            """
        try XMLCheck.checkHTML(path: try files.file(page, name: "index.html"))
    }

    @Test(
        arguments: [
            ("<!DOCTYPE html>\n<html><body><p>&nbsp;</p></body></html>", 2, 22, "Entity 'nbsp' not defined"),
            (
                "<!DOCTYPE html>\n<html><body><br></body></html>", 2, 24,
                "Opening and ending tag mismatch: br line 2 and body"
            ),
            (
                "<!DOCTYPE html>\n<html><body><script>if (a && b) {}</script></body></html>", 2, 28,
                "xmlParseEntityRef: no name"
            ), ("<!DOCTYPE html>\n<page/>", 2, 8, "the root element is <page>; a report page must start with <html>"),
        ] as [(String, Int, Int, String)]
    ) func rejectsAPageThatIsNotWellFormed(text: String, line: Int, column: Int, message: String) throws {
        let path = try files.file(text, name: "index.html")
        let error = try #require(throws: XMLCheckError.self) { try XMLCheck.checkHTML(path: path) }
        #expect(error == XMLCheckError(file: path, line: line, column: column, message: message))
    }

    @Test func checksOnSeveralThreadsKeepTheirErrorsApart() async throws {
        let good = try files.file("<a><b/></a>")
        let bad = try files.file("<a>\n  <b></a>\n")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for round in 0..<40 {
                group.addTask {
                    if round % 2 == 0 {
                        try XMLCheck.checkXML(path: good)
                    } else {
                        let error = try #require(throws: XMLCheckError.self) { try XMLCheck.checkXML(path: bad) }
                        #expect(error.line == 2 && error.column == 10)
                    }
                }
            }
            try await group.waitForAll()
        }
    }
}
