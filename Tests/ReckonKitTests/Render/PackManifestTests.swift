import Foundation
import Testing

@testable import ReckonKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `manifest.json` names every file a close reads, by a path `reckon verify` can find, and verify
/// re-checks each of them. Expected paths and roles are written out by hand; digests are
/// recomputed with Python's hashlib.
@Suite struct PackManifestTests {
    static let contoso = Fixtures.path("contoso-2026-10")

    /// A copy of the bundled month, to change files in.
    static func monthCopy() throws -> String {
        let folder = try Fixtures.temporaryFolder() + "/month"
        try FileManager.default.copyItem(atPath: contoso, toPath: folder)
        return folder
    }

    /// SHA-256 of each file, by Python's hashlib.
    static func sha256(_ paths: [String]) throws -> [String] {
        let output = try Python.run(
            "import hashlib, sys\nfor p in sys.argv[1:]: print(hashlib.sha256(open(p, 'rb').read()).hexdigest())",
            paths
        )
        return output.split(separator: "\n").map(String.init)
    }

    static func append(_ text: String, to path: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    /// Every file of the month folder the close reads is an input: the month holds these, the
    /// configuration (recorded apart), two notes files and the superseded run's partition (only
    /// its size is looked at, to find the run incomplete).
    @Test func everyFileTheCloseReadsIsAnInput() throws {
        let (_, result) = try closeMonth(Self.contoso)
        let actual = "costdetails/contoso-mca-actual/20261001-20261031/"
        let amortized = "costdetails/contoso-mca-amortized/20261001-20261031/"
        let expected: [(path: String, role: String)] = [
            (actual + "20160c5f-955c-4fd1-8af6-d9b1c97cf04f/manifest.json", "export manifest"),
            (actual + "20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv", "MCA actual cost"),
            (actual + "8f1d9f05-e107-4d3e-bb70-f5db8255745a/manifest.json", "export manifest"),
            (amortized + "2aae868b-dfe7-4097-846f-304a36e426c2/manifest.json", "export manifest"),
            (amortized + "2aae868b-dfe7-4097-846f-304a36e426c2/part_0_0001.csv", "MCA amortized cost"),
            ("invoices.json", "billing document"), ("pricesheet.csv", "billing document"),
            ("subscription-map.csv", "subscription map"),
            ("support-tickets.csv", "pool driver (corporate-support-by-tickets)"),
            ("transactions/G118264930.json", "billing document"),
            ("transactions/G118264930.page2.json", "billing document"),
            ("transactions/G118264930.page3.json", "billing document"),
            ("transactions/G118264941.json", "billing document"),
        ]
        let inputs = result.manifest.inputs
        #expect(inputs.map(\.path) == expected.map(\.path))
        #expect(inputs.map { $0.role ?? "" } == expected.map(\.role))
        #expect(inputs.allSatisfy { $0.relativeTo == nil })
        #expect(inputs.map(\.sha256) == (try Self.sha256(expected.map { Self.contoso + "/" + $0.path })))
        #expect(result.manifest.config?.path == "reckon.yaml")
        let unread = Set(FileSystem.filesRecursively(in: Self.contoso)).subtracting(expected.map(\.path))
        #expect(
            unread == [
                "README.md", "allocation-expected.md", "reckon.yaml",
                actual + "8f1d9f05-e107-4d3e-bb70-f5db8255745a/part_0_0001.csv",
            ]
        )
    }

    /// A changed input (a newline appended) is reported by `verify --month`; without the month
    /// folder only the pack is checked.
    @Test(arguments: [
        "subscription-map.csv", "support-tickets.csv",
        "costdetails/contoso-mca-actual/20261001-20261031/8f1d9f05-e107-4d3e-bb70-f5db8255745a/manifest.json",
        "reckon.yaml", "invoices.json",
    ]) func verifyReportsAChangedInput(_ file: String) throws {
        let month = try Self.monthCopy()
        let (pack, _) = try closeMonth(month)
        #expect(try PackManifest.verify(pack: pack, month: month).isIntact)
        try Self.append("\n", to: month + "/" + file)
        let report = try PackManifest.verify(pack: pack, month: month)
        #expect(report.changed.count == 1)
        #expect(report.changed.first?.hasPrefix("input \(file): SHA-256") == true, "\(report.changed)")
        #expect(report.missing.isEmpty && report.unlisted.isEmpty)
        // Without the month folder only the pack is checked.
        #expect(try PackManifest.verify(pack: pack, month: nil).isIntact)
    }

    /// An output path an edited manifest points outside the pack (`../../etc/passwd`, absolute,
    /// `.` or empty parts) is reported and never read.
    @Test func anOutputPathOutsideThePackIsReportedNotRead() throws {
        let (pack, _) = try closeMonth(Self.contoso)
        let text = String(decoding: try FileSystem.read(pack + "/manifest.json"), as: UTF8.self)
        let edited = text.replacing("\"path\" : \"audit.html\"", with: "\"path\" : \"../../../../../../etc/passwd\"")
        #expect(edited != text)
        try Data(edited.utf8).write(to: URL(fileURLWithPath: pack + "/manifest.json"))
        let report = try PackManifest.verify(pack: pack, month: nil)
        #expect(
            report.changed == [
                "output ../../../../../../etc/passwd: not a path inside the pack; the manifest was edited"
            ]
        )
        #expect(report.unlisted == ["output audit.html is not in the manifest"])
        for path in ["/etc/passwd", "a//b", "./a", "a/..", ""] { #expect(!PackManifest.isInsidePack(path), "\(path)") }
        for path in ["index.html", "statements/CC-1050.html", "a..b/c"] {
            #expect(PackManifest.isInsidePack(path), "\(path)")
        }
    }

    /// Ways to tamper with a pack that `verify` must report as a change, never follow or read:
    /// a file or a folder replaced by a link to a copy outside (the copy matches, so only the link
    /// tells), a link to an endless device, a pipe (reading it would wait for ever), a folder in a
    /// file's place, an output listed twice, and with the month folder an input path that leaves
    /// it or names a device.
    enum Tamper: String, CaseIterable, Sendable {
        case fileLinkedOutside, folderLinkedOutside, manifestLinkedOutside, linkToDevice, pipe, folder, listedTwice,
            inputLeavesTheMonth, inputIsADevice

        /// Applies the change to `pack`, with `outside` a folder beside it; returns the start of
        /// the one change verify must report.
        func apply(pack: String, outside: String) throws -> String {
            let files = FileManager.default
            func edit(_ from: String, _ to: String) throws {
                let text = String(decoding: try FileSystem.read(pack + "/manifest.json"), as: UTF8.self)
                #expect(text.ranges(of: from).count == 1)
                try Data(text.replacing(from, with: to).utf8).write(to: URL(fileURLWithPath: pack + "/manifest.json"))
            }
            switch self {
            case .fileLinkedOutside:
                try files.moveItem(atPath: pack + "/audit.html", toPath: outside + "/audit.html")
                try files.createSymbolicLink(atPath: pack + "/audit.html", withDestinationPath: outside + "/audit.html")
                return "output audit.html: a link to \(outside)/audit.html, not a file of the pack"
            case .folderLinkedOutside:
                try files.moveItem(atPath: pack + "/statements", toPath: outside + "/statements")
                try files.createSymbolicLink(atPath: pack + "/statements", withDestinationPath: outside + "/statements")
                return
                    "output statements/CC-1023.html: in statements, a link to \(outside)/statements, not a file of the pack"
            case .manifestLinkedOutside:
                try files.moveItem(atPath: pack + "/manifest.json", toPath: outside + "/manifest.json")
                try files.createSymbolicLink(
                    atPath: pack + "/manifest.json",
                    withDestinationPath: outside + "/manifest.json"
                )
                return "manifest manifest.json: a link to \(outside)/manifest.json, not a file of the pack"
            case .linkToDevice:
                try files.removeItem(atPath: pack + "/audit.html")
                try files.createSymbolicLink(atPath: pack + "/audit.html", withDestinationPath: "/dev/zero")
                return "output audit.html: a link to /dev/zero"
            case .pipe:
                try files.removeItem(atPath: pack + "/audit.html")
                #expect(mkfifo(pack + "/audit.html", 0o600) == 0)
                return "output audit.html: a pipe, not a regular file"
            case .folder:
                try files.removeItem(atPath: pack + "/journal.csv")
                try files.createDirectory(atPath: pack + "/journal.csv", withIntermediateDirectories: false)
                return "output journal.csv: a folder, not a regular file"
            case .listedTwice:
                let text = String(decoding: try FileSystem.read(pack + "/manifest.json"), as: UTF8.self)
                let entry = try #require(text.firstRange(of: #/\{\s*"bytes" : \d+,\s*"path" : "journal.csv",[^}]*\}/#))
                try edit(String(text[entry]), String(text[entry]) + ", " + String(text[entry]))
                return "output journal.csv: listed 2 times; the manifest was edited"
            case .inputLeavesTheMonth:
                try edit("\"path\" : \"pricesheet.csv\"", "\"path\" : \"../../../../../../etc/hostname\"")
                return "input ../../../../../../etc/hostname: leaves the folder of packs; the manifest was edited"
            case .inputIsADevice:
                try edit("\"path\" : \"pricesheet.csv\"", "\"path\" : \"/dev/zero\"")
                return "input /dev/zero: a device, not a regular file"
            }
        }
    }

    @Test(arguments: Tamper.allCases) func aTamperedPackIsReportedNeverFollowed(_ tamper: Tamper) throws {
        let (pack, _) = try closeMonth(Self.contoso)
        let outside = try Fixtures.temporaryFolder() + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        let expected = try tamper.apply(pack: pack, outside: outside)
        let report = try PackManifest.verify(pack: pack, month: Self.contoso)
        #expect(report.changed.first?.hasPrefix(expected) == true, "\(report.changed)")
        // Each statement is reached through the linked folder: one change each.
        let statements =
            tamper == .folderLinkedOutside
            ? try FileManager.default.contentsOfDirectory(atPath: outside + "/statements").count : 1
        #expect(report.changed.count == statements, "\(report.changed)")
        #expect(!report.isIntact)
    }

    /// Links added to a pack are listed as added files, never entered: one to `/` would walk the
    /// machine, and a chain of folders each linking twice to the next would be walked 2ⁿ times.
    @Test func linksAddedToAPackAreListedNotWalked() throws {
        let (pack, _) = try closeMonth(Self.contoso)
        try FileManager.default.createSymbolicLink(atPath: pack + "/root", withDestinationPath: "/")
        let chain = pack + "/chain"
        for index in 0...40 {
            try FileManager.default.createDirectory(atPath: chain + "/d\(index)", withIntermediateDirectories: true)
        }
        for index in 0..<40 {
            for name in ["a", "b"] {
                try FileManager.default.createSymbolicLink(
                    atPath: chain + "/d\(index)/\(name)",
                    withDestinationPath: "../d\(index + 1)"
                )
            }
        }
        let report = try PackManifest.verify(pack: pack, month: nil)
        #expect(report.changed.isEmpty && report.missing.isEmpty)
        let added = report.unlisted.filter { $0.hasPrefix("output root ") || $0.hasPrefix("output chain/d0/") }
        #expect(
            added == [
                "output chain/d0/a is not in the manifest", "output chain/d0/b is not in the manifest",
                "output root is not in the manifest",
            ]
        )
        #expect(report.unlisted.count == 81)
    }

    /// A manifest that is not JSON names the line and column (the second `:` of `  "period" ::` is
    /// column 13); one of the wrong shape names the field.
    @Test func aBrokenManifestIsReportedWhereItIsBroken() throws {
        let (pack, _) = try closeMonth(Self.contoso)
        let path = pack + "/manifest.json"
        let text = String(decoding: try FileSystem.read(path), as: UTF8.self)
        try Data(text.replacing("\"period\" :", with: "\"period\" ::").utf8).write(to: URL(fileURLWithPath: path))
        let line = text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("\"period\" :") }.map { $0 + 1 }
        #expect(throws: IngestError.self) { try PackManifest.verify(pack: pack, month: nil) }
        do { _ = try PackManifest.verify(pack: pack, month: nil) } catch let error as IngestError {
            #expect(error.line == line)
            #expect(error.problem.hasPrefix("not valid JSON at column 13: "), "\(error.problem)")
        }
        try Data(text.replacing("\"sha256\" : \"", with: "\"sha256\" : 1, \"x\" : \"").utf8)
            .write(to: URL(fileURLWithPath: path))
        do {
            _ = try PackManifest.verify(pack: pack, month: nil)
            Issue.record("a sha256 that is a number was accepted")
        } catch let error as IngestError {
            #expect(
                error.problem.hasPrefix("not a Reckon manifest: inputs[0].sha256 is not String"),
                "\(error.problem)"
            )
        }
    }

    /// The driver file matters: more tickets for HR Systems move support cost to it, so a rerun
    /// writes another chargeback, and verify says the input changed.
    @Test func aChangedDriverChangesTheChargebackAndVerifySaysSo() throws {
        let month = try Self.monthCopy()
        let (pack, _) = try closeMonth(month)
        let tickets = month + "/support-tickets.csv"
        try Data("cost_center,quantity\nCC-1050,15\nCC-1023,5\nIT-SHARED,2\n".utf8)
            .write(to: URL(fileURLWithPath: tickets))
        let report = try PackManifest.verify(pack: pack, month: month)
        #expect(report.changed.map { $0.prefix { $0 != ":" } } == ["input support-tickets.csv"])
        let (rerun, _) = try closeMonth(month)
        #expect(try FileSystem.read(pack + "/chargeback.csv") != FileSystem.read(rerun + "/chargeback.csv"))
    }

    /// A driver file two pools name is one input, with both roles.
    @Test func aFileTwoPoolsNameIsOneInput() throws {
        let month = try Self.monthCopy()
        let yaml = String(decoding: try FileSystem.read(month + "/reckon.yaml"), as: UTF8.self)
        let again =
            "    - { name: corporate-support-again, from: corporate, method: driver, driver: { file: support-tickets.csv } }\n"
        try Data(
            yaml.replacing(
                "    - name: uk-customer-support-logs\n",
                with: again + "    - name: uk-customer-support-logs\n"
            )
            .utf8
        )
        .write(to: URL(fileURLWithPath: month + "/reckon.yaml"))
        let (pack, result) = try closeMonth(month)
        let tickets = result.manifest.inputs.filter { $0.path == "support-tickets.csv" }
        #expect(
            tickets.map(\.role) == ["pool driver (corporate-support-by-tickets); pool driver (corporate-support-again)"]
        )
        #expect(try PackManifest.verify(pack: pack, month: month).isIntact)
    }

    /// A subscription map given outside the month folder (`--subscription-map`) is recorded by its
    /// absolute path, so verify finds it from any folder; the section's own map stays listed.
    @Test func aSubscriptionMapOutsideTheMonthIsRecordedByItsAbsolutePath() throws {
        let month = try Self.monthCopy()
        let elsewhere = try Fixtures.temporaryFolder() + "/map.csv"
        try FileManager.default.copyItem(atPath: month + "/subscription-map.csv", toPath: elsewhere)
        var config = try ReckonConfig.load(path: month + "/reckon.yaml")
        try config.applySubscriptionMap(elsewhere)
        let pack = try Fixtures.temporaryFolder() + "/pack"
        let result = try ClosePipeline.run(
            CloseOptions(
                month: month,
                output: pack,
                config: config,
                configPath: month + "/reckon.yaml",
                ingest: IngestOptions()
            )
        )
        let maps = result.manifest.inputs.filter { $0.role?.hasPrefix("subscription map") == true }
        #expect(maps.map(\.path) == [elsewhere, "subscription-map.csv"])
        #expect(maps.map(\.role) == ["subscription map", "subscription map (replaced by --subscription-map)"])
        #expect(maps.map(\.sha256) == (try Self.sha256([elsewhere, month + "/subscription-map.csv"])))
        #expect(try PackManifest.verify(pack: pack, month: month).isIntact)
        try Self.append("\n", to: elsewhere)
        let report = try PackManifest.verify(pack: pack, month: month)
        #expect(
            report.changed.count == 1 && report.changed.first?.hasPrefix("input \(elsewhere): SHA-256") == true,
            "\(report.changed)"
        )
    }

    /// Where verify looks for an input: (path, relativeTo, expected location).
    @Test(
        arguments: [
            ("invoices.json", nil, "/m/invoices.json"), ("/elsewhere/map.csv", nil, "/elsewhere/map.csv"),
            ("../2026-09/chargeback.csv", PackManifest.Base.pack, "/packs/2026-10/../2026-09/chargeback.csv"),
            ("invoices.json", PackManifest.Base.month, "/m/invoices.json"),
            // A manifest written before relativeTo existed: `../` can only be beside the pack.
            ("../2026-09/chargeback.csv", nil, "/packs/2026-10/../2026-09/chargeback.csv"),
        ] as [(String, PackManifest.Base?, String)]
    ) func inputsAreLookedForRelativeToTheirBase(_ path: String, _ base: PackManifest.Base?, _ expected: String) {
        let entry = PackManifest.Entry(path: path, relativeTo: base, sha256: "", bytes: 0, rows: nil, role: nil)
        #expect(entry.location(month: "/m", pack: "/packs/2026-10") == expected)
    }
}

/// The manifest's `templates`: the templates the close rendered, by their real paths.
@Suite struct PackManifestTemplateTests {
    /// Partials and parents named in a template's text: (text, names).
    @Test(arguments: [
        ("{{< html.layout}}{{$body}}x{{/body}}{{/html.layout}}", ["html.layout"]),
        ("<head>{{> html.style}}</head>", ["html.style"]), ("{{>a}} {{ > b }} {{<c}}", ["a", "b", "c"]),
        ("{{name}} {{{raw}}} {{#list}}{{.}}{{/list}} {{! > not a partial}} {{^none}}-{{/none}}", []), ("", []),
    ]) func referencesAreReadFromTheTags(_ text: String, _ names: [String]) {
        #expect(TemplateSet.references(in: text) == names)
    }

    /// (rendered templates, what they use: by hand from templates/).
    @Test(arguments: [
        (["html.index"], ["html.index", "html.layout", "html.style"]),
        (["csv.variances.header", "journal.sap.csv"], ["csv.variances.header", "journal.sap.csv"]),
        (
            ["html.statement", "html.audit", "no.such.template"],
            ["html.audit", "html.layout", "html.price-findings", "html.statement", "html.style"]
        ),
    ]) func usedTemplatesFollowPartialsAndParents(_ roots: [String], _ expected: [String]) throws {
        #expect(try TemplateSet.load(overrides: nil).used(from: roots) == expected)
    }

    /// The bundled close uses the generic journal: every entry is a file in templates/ with the
    /// digest recorded, and the SAP and NetSuite journals are not listed.
    @Test(arguments: [
        ("generic", "templates/journal/generic.csv.mustache"), ("sap", "templates/journal/sap.csv.mustache"),
        ("netsuite", "templates/journal/netsuite.csv.mustache"),
    ]) func theTemplatesUsedAreListedByTheirFiles(journal: String, journalFile: String) throws {
        var config = try ReckonConfig.load(path: PackManifestTests.contoso + "/reckon.yaml")
        config.allocation?.journal.template = journal
        let pack = try Fixtures.temporaryFolder() + "/pack"
        let result = try ClosePipeline.run(
            CloseOptions(
                month: PackManifestTests.contoso,
                output: pack,
                config: config,
                configPath: PackManifestTests.contoso + "/reckon.yaml",
                ingest: IngestOptions()
            )
        )
        let expected = [
            "templates/csv/variances.header.mustache", "templates/csv/variances.row.mustache",
            "templates/html/audit.mustache", "templates/html/index.mustache", "templates/html/layout.mustache",
            "templates/html/price-findings.mustache", "templates/html/reconciliation.mustache",
            "templates/html/statement.mustache", "templates/html/style.mustache", journalFile,
        ]
        let templates = result.manifest.templates
        #expect(templates.map(\.path) == expected)
        #expect(templates.allSatisfy { $0.role == "default" })
        let repository = (Fixtures.root as NSString).deletingLastPathComponent
        #expect(templates.map(\.sha256) == (try PackManifestTests.sha256(expected.map { repository + "/" + $0 })))
    }

    /// An override is recorded by the file read (absolute outside the month folder) and verified
    /// with the inputs; the defaults it does not replace stay `default`.
    @Test func anOverrideIsRecordedByItsFileAndVerified() throws {
        let overrides = try Fixtures.temporaryFolder() + "/my-templates"
        try FileManager.default.createDirectory(atPath: overrides + "/csv", withIntermediateDirectories: true)
        let row = overrides + "/csv/variances.row.mustache"
        try Data((DefaultTemplates.files["csv/variances.row"] ?? "").utf8).write(to: URL(fileURLWithPath: row))
        let config = try ReckonConfig.load(path: PackManifestTests.contoso + "/reckon.yaml")
        let pack = try Fixtures.temporaryFolder() + "/pack"
        let result = try ClosePipeline.run(
            CloseOptions(
                month: PackManifestTests.contoso,
                output: pack,
                config: config,
                configPath: PackManifestTests.contoso + "/reckon.yaml",
                templates: overrides,
                ingest: IngestOptions()
            )
        )
        let entries = result.manifest.templates.filter { $0.path.contains("variances") }
        #expect(entries.map(\.path) == ["templates/csv/variances.header.mustache", row])
        #expect(entries.map(\.role) == ["default", "override"])
        #expect(entries.last?.sha256 == (try PackManifestTests.sha256([row])).first)
        #expect(try PackManifest.verify(pack: pack, month: PackManifestTests.contoso).isIntact)
        try PackManifestTests.append("\n", to: row)
        let report = try PackManifest.verify(pack: pack, month: PackManifestTests.contoso)
        #expect(
            report.changed.count == 1 && report.changed.first?.hasPrefix("template \(row): SHA-256") == true,
            "\(report.changed)"
        )
    }

    /// A version 1 manifest named an override `templates/<name>`, not where the file was: verify
    /// leaves it alone there, and looks for it from version 2 on. (version, what is missing)
    @Test(arguments: [(1, [String]()), (2, ["template templates/html/index.mustache"])])
    func overridesAreCheckedFromVersion2(version: Int, missing: [String]) throws {
        let folder = try Fixtures.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/pack", withIntermediateDirectories: true)
        try Data("a".utf8).write(to: URL(fileURLWithPath: folder + "/pack/a.txt"))
        // SHA-256 of "a" (`printf a | sha256sum`).
        let json = """
            {"manifestVersion": \(version), "reckonVersion": "0", "period": "October 2026", "inputs": [],
             "outputs": [{"path": "a.txt", "bytes": 1, "sha256": "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"}],
             "templates": [{"path": "templates/html/index.mustache", "bytes": 1, "sha256": "0", "role": "override"}]}
            """
        try Data(json.utf8).write(to: URL(fileURLWithPath: folder + "/pack/manifest.json"))
        let report = try PackManifest.verify(pack: folder + "/pack", month: folder)
        #expect(report.missing == missing)
        #expect(report.changed.isEmpty && report.unlisted.isEmpty)
    }
}

extension PackManifestTests {
    /// A file added to the month that a close would now read is reported by `verify --month`,
    /// though every listed input is unchanged: a later export run (chosen over the one read: its
    /// cost file and its export manifest) and a new transactions page.
    @Test(arguments: ["run", "page"]) func filesAddedToTheMonthThatACloseWouldReadAreReported(added: String) throws {
        let month = try Self.monthCopy()
        let (pack, _) = try closeMonth(month)
        #expect(try PackManifest.verify(pack: pack, month: month).isIntact)
        let expected: [String]
        if added == "run" {
            let runs = month + "/costdetails/contoso-mca-actual/20261001-20261031/"
            try FileManager.default.copyItem(
                atPath: runs + "20160c5f-955c-4fd1-8af6-d9b1c97cf04f",
                toPath: runs + "aaaa0000-955c-4fd1-8af6-d9b1c97cf04f"
            )
            let manifest = runs + "aaaa0000-955c-4fd1-8af6-d9b1c97cf04f/manifest.json"
            let text = String(decoding: try FileSystem.read(manifest), as: UTF8.self)
                .replacing("2026-11-03T06:12:09.5133333Z", with: "2026-11-04T06:12:09.5133333Z")
                .replacing("20160c5f-955c", with: "aaaa0000-955c")
            try Data(text.utf8).write(to: URL(fileURLWithPath: manifest))
            let run = "input costdetails/contoso-mca-actual/20261001-20261031/aaaa0000-955c-4fd1-8af6-d9b1c97cf04f/"
            expected = [run + "part_0_0001.csv is not in the manifest", run + "manifest.json is not in the manifest"]
        } else {
            try FileManager.default.copyItem(
                atPath: month + "/transactions/G118264941.json",
                toPath: month + "/transactions/G118264941.page2.json"
            )
            expected = ["input transactions/G118264941.page2.json is not in the manifest"]
        }
        let report = try PackManifest.verify(pack: pack, month: month)
        #expect(report.unlisted.map { $0.components(separatedBy: ":").first ?? "" } == expected)
        #expect(report.changed.isEmpty && report.missing.isEmpty)
    }
}

extension PackManifestTests {
    /// A close of a copy of the fixture month whose chargeback uses actual cost: it reads no
    /// amortized file.
    static func closeOfActualCost() throws -> (month: String, pack: String, result: CloseResult) {
        let month = try monthCopy()
        let yaml = String(decoding: try FileSystem.read(month + "/reckon.yaml"), as: UTF8.self)
        try Data(yaml.replacing("  metric: amortized", with: "  metric: actual").utf8)
            .write(to: URL(fileURLWithPath: month + "/reckon.yaml"))
        let (pack, result) = try closeMonth(month)
        return (month, pack, result)
    }

    /// A close that charges back actual cost reads no amortized file: verify does not report the
    /// amortized export as a file the close would read now.
    @Test func anExportTheCloseLeavesOutOnPurposeIsNotReported() throws {
        let (month, pack, result) = try Self.closeOfActualCost()
        #expect(!result.manifest.inputs.contains { $0.role?.hasSuffix("amortized cost") == true })
        let report = try PackManifest.verify(pack: pack, month: month)
        #expect(report.isIntact, "\(report.unlisted)")
    }
}

extension PackManifestTests {
    /// Which exports a close reads comes from the configuration it would read, not from the
    /// manifest: a cost entry's `metric` or role rewritten to say "amortized", in any manifest
    /// version, changes nothing, as the chargeback of this month uses actual cost.
    @Test(arguments: [(3, true), (2, false)]) func theMetricsReadComeFromTheConfigurationNotTheManifest(
        version: Int,
        keepMetric: Bool
    ) throws {
        let (month, pack, result) = try Self.closeOfActualCost()
        let costEntries = result.manifest.inputs.filter { $0.role?.hasSuffix(" cost") == true }
        #expect(!costEntries.isEmpty && costEntries.allSatisfy { $0.metric == .actual })
        var json = try #require(
            try JSONSerialization.jsonObject(with: Data(try FileSystem.read(pack + "/manifest.json"))) as? [String: Any]
        )
        json["manifestVersion"] = version
        json["inputs"] = (json["inputs"] as? [[String: Any]] ?? [])
            .map { entry in
                var entry = entry
                if entry["metric"] != nil {
                    entry["role"] = "MCA amortized cost"
                    entry["metric"] = keepMetric ? "amortized" : nil
                }
                return entry
            }
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: pack + "/manifest.json"))
        let report = try PackManifest.verify(pack: pack, month: month)
        #expect(report.isIntact, "\(report.unlisted)")
    }
}

extension PackManifestTests {
    /// Every file a close of the month reads and the manifest no longer lists is reported, whatever
    /// kind it is: the chosen run's cost file and export manifest, a superseded run's manifest, the
    /// amortized export the chargeback reads, a billing document, the files reckon.yaml names, and
    /// reckon.yaml itself. (the entries removed from `inputs`, or `config` for the configuration;
    /// the paths reported)
    @Test(arguments: [
        (
            "20160c5f",
            [
                "costdetails/contoso-mca-actual/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/manifest.json",
                "costdetails/contoso-mca-actual/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv",
            ]
        ),
        (
            "8f1d9f05",
            ["costdetails/contoso-mca-actual/20261001-20261031/8f1d9f05-e107-4d3e-bb70-f5db8255745a/manifest.json"]
        ),
        (
            "contoso-mca-amortized",
            [
                "costdetails/contoso-mca-amortized/20261001-20261031/2aae868b-dfe7-4097-846f-304a36e426c2/manifest.json",
                "costdetails/contoso-mca-amortized/20261001-20261031/2aae868b-dfe7-4097-846f-304a36e426c2/part_0_0001.csv",
            ]
        ), ("support-tickets.csv", ["support-tickets.csv"]), ("subscription-map.csv", ["subscription-map.csv"]),
        ("pricesheet.csv", ["pricesheet.csv"]),
        ("transactions/G118264930.page2.json", ["transactions/G118264930.page2.json"]), ("config", ["reckon.yaml"]),
    ]) func inputsRemovedFromTheManifestAreReported(removed: String, reported: [String]) throws {
        let (pack, _) = try closeMonth(Self.contoso)
        #expect(try PackManifest.verify(pack: pack, month: Self.contoso).isIntact)
        var json = try #require(
            try JSONSerialization.jsonObject(with: Data(try FileSystem.read(pack + "/manifest.json"))) as? [String: Any]
        )
        if removed == "config" {
            json["config"] = nil
        } else {
            json["inputs"] = (json["inputs"] as? [[String: Any]] ?? [])
                .filter { !(($0["path"] as? String)?.contains(removed) ?? false) }
        }
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: pack + "/manifest.json"))
        let report = try PackManifest.verify(pack: pack, month: Self.contoso)
        let paths = report.unlisted.map { $0.components(separatedBy: " is not in the manifest").first ?? "" }.sorted()
        #expect(paths == reported.map { "input " + $0 }, "\(report.unlisted)")
        #expect(report.changed.isEmpty && report.missing.isEmpty)
        #expect(!report.isIntact)
    }
}
