import Foundation
import Testing

@testable import ReckonKit

@Suite struct XMLFileWriterTests {
    @Test func escapesAndSanitisesEverythingItWrites() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/out.xml"
        let xml = try XMLFileWriter(path: path)
        try xml.start("root")
        try xml.attribute("a", "q\"<>&\r\n\t'\u{0}")
        try xml.element("t", "<script>&amp;\u{1B}\r\u{FFFF}")
        try xml.processingInstruction("pi", "x\u{1}")
        try xml.finish()
        try XMLCheck.checkXML(path: path)
        let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
        #expect(
            text == """
                <?xml version="1.0" encoding="UTF-8"?>
                <root a="q&quot;&lt;&gt;&amp;&#13;&#10;&#9;'\u{FFFD}"><t>&lt;script&gt;&amp;amp;\u{FFFD}&#13;\u{FFFD}</t><?pi x\u{FFFD}?></root>

                """
        )
    }

    @Test func aFullDiskIsAnErrorThatSaysSo() throws {
        try #require(FileManager.default.fileExists(atPath: "/dev/full"))
        // `quietly`, as the spreadsheet writers use it, keeps libxml2 from printing
        // "I/O error : No space left on device" to stderr.
        let error = try #require(throws: RenderError.self) {
            try LibXML2.quietly { () throws(RenderError) in
                let xml = try XMLFileWriter(path: "/dev/full")
                try xml.start("root")
                for _ in 0..<10_000 { try xml.element("cell", String(repeating: "x", count: 100)) }
                try xml.finish()
            }
        }
        #expect(error.file == "/dev/full")
        #expect(error.problem.contains("No space left on device"), "\(error)")
    }

    @Test func aFolderThatDoesNotExistIsAnError() {
        #expect(throws: RenderError.self) { try XMLFileWriter(path: "/nonexistent/folder/out.xml") }
    }
}
