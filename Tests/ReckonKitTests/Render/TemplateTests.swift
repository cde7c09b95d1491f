import Foundation
import Testing

@testable import ReckonKit

@Suite struct TemplateTests {
    /// The compiled-in defaults are exactly the files in templates/ (run tools/embed-templates.py
    /// after editing a template).
    @Test func embeddedDefaultsMatchTheTemplatesFolder() throws {
        let folder = URL(fileURLWithPath: Fixtures.root).deletingLastPathComponent().appendingPathComponent("templates")
            .path
        let files = FileSystem.filesRecursively(in: folder).filter { $0.hasSuffix(".mustache") }
        #expect(Set(files.map { String($0.dropLast(".mustache".count)) }) == Set(DefaultTemplates.files.keys))
        for file in files {
            let text = String(decoding: try FileSystem.read(folder + "/" + file), as: UTF8.self)
            #expect(
                DefaultTemplates.files[String(file.dropLast(".mustache".count))] == text,
                "\(file): run python3 tools/embed-templates.py"
            )
        }
    }

    @Test func anOverrideReplacesOnlyItsTemplate() throws {
        let folder = try Fixtures.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/csv", withIntermediateDirectories: true)
        try "{{invoice_id}};{{status}};{{variance}}\n"
            .write(toFile: folder + "/csv/variances.row.mustache", atomically: true, encoding: .utf8)
        let templates = try TemplateSet.load(overrides: folder)
        #expect(templates.sources["csv.variances.row"]?.isOverride == true)
        #expect(templates.sources["html.index"]?.isOverride == false)
        let run = try reconcileMonth("contoso-2026-10")
        let csv = try ReconciliationCSV.variances(run.reconciliation, templates: templates)
        let lines = csv.components(separatedBy: "\r\n")
        #expect(lines[0].hasPrefix("invoice_id,level,"))
        #expect(lines[1] == "G118264930;matched;0")
    }

    @Test func aBrokenTemplateNamesItsFileLineAndColumn() throws {
        let folder = try Fixtures.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/html", withIntermediateDirectories: true)
        try "<p>\n{{#rows}}<b>{{name}}</b>\n{{/cols}}\n"
            .write(toFile: folder + "/html/index.mustache", atomically: true, encoding: .utf8)
        #expect { _ = try TemplateSet.load(overrides: folder) } throws: { error in
            let template = error as? TemplateError
            return template?.template == "html.index" && template?.file == folder + "/html/index.mustache"
                && template?.line == 3
        }
    }

    @Test(arguments: [
        ("{{a}},{{#b}}x{{/b}}", 1, 7, "a row template may only use {{field}} variables"),
        ("{{a}}\n  {{> p}}", 2, 3, "a row template may only use {{field}} variables"),
        ("{{a}},{{b", 1, 7, "the tag is never closed"),
    ]) func rowTemplatesAcceptOnlyVariables(text: String, line: Int, column: Int, message: String) {
        #expect { _ = try RowTemplate(name: "t", file: "t.mustache", text: text) } throws: { error in
            let template = error as? TemplateError
            return template?.line == line && template?.column == column
                && (template?.problem.hasPrefix(message) ?? false)
        }
    }

    @Test func aRowTemplateFillsItsSlotsWithoutEscaping() throws {
        let row = try RowTemplate(name: "t", file: "t", text: "{{b}}|{{{a}}}|{{& b}}|{{! note}}end\n")
        let binding = try row.bind(["a", "b"])
        var out = ""
        row.render(into: &out, row: ["<1>", "\"2\""], binding: binding)
        #expect(out == "\"2\"|<1>|\"2\"|end\n")
        #expect(throws: TemplateError.self) { try row.bind(["a"]) }
    }
}
