import Foundation
import Testing

@testable import ReckonKit

/// Publishing replaces the output folder as a whole, so only an earlier output may be replaced.
@Suite struct PackWriterTests {
    /// The folder, made from `files` (a trailing `/` makes a folder; `manifest.json`,
    /// `reconciliation.json` and `allocations.csv` get the content Reckon writes, other files "x"),
    /// the command's names, and whether it may be replaced.
    @Test(arguments: [
        ([], PackWriter.outputNames, true),
        (["index.html", "manifest.json", "statements/cc-1.html", "variances.csv"], PackWriter.outputNames, true),
        (
            ["variances.csv", "reconciliation.json", "rejects.csv", "price-sheet-findings.csv"],
            PackWriter.reconcileNames, true
        ), (["allocations.csv", "chargeback.csv", "journal.csv", ".DS_Store"], PackWriter.allocateNames, true),
        (
            [
                "manifest.json", "index.html", "._index.html", "Thumbs.db", "statements/.DS_Store",
                "statements/desktop.ini",
            ], PackWriter.outputNames, true
        ),
        // A hand-written site with Reckon's names, and a pack some other command would replace.
        (["index.html", "journal.csv"], PackWriter.outputNames, false),
        (["index.html", "manifest.json", "allocations.csv"], PackWriter.allocateNames, false),
        // An allocation's or a reconciliation's output is not a close pack.
        (["allocations.csv", "chargeback.csv", "journal.csv"], PackWriter.outputNames, false),
        (["variances.csv", "reconciliation.json"], PackWriter.outputNames, false),
        (["index.html", "thesis.txt"], PackWriter.outputNames, false), (["sub/a.txt"], PackWriter.outputNames, false),
        (["manifest.json", "statements/notes.txt"], PackWriter.outputNames, false),
        (["costdetails/", "invoices.json"], PackWriter.outputNames, false), ([".git/"], PackWriter.outputNames, false),
    ]) func onlyEarlierOutputsAreReplaced(files: [String], names: Set<String>, replaceable: Bool) throws {
        let folder = try Fixtures.temporaryFolder() + "/out"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let signed = [
            "manifest.json": "{\n  \"manifestVersion\" : 2\n}\n",
            "reconciliation.json": "{\"reckonVersion\": \"0.1.0\"}",
            "allocations.csv": "period,cost_center,cost_center_path,gl_account,rule,step\n",
        ]
        for file in files {
            let path = folder + "/" + file
            if file.hasSuffix("/") {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            } else {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent,
                    withIntermediateDirectories: true
                )
                try Data((signed[file] ?? "x").utf8).write(to: URL(fileURLWithPath: path))
            }
        }
        let problem = PackWriter.replaceable(folder, inputs: [], writes: names)
        #expect((problem == nil) == replaceable, "\(files): \(problem ?? "replaceable")")
        if !replaceable {
            #expect(throws: IngestError.self) { try PackWriter(destination: folder, writes: names) }
            // Nothing was touched: every file is still there.
            for file in files { #expect(FileManager.default.fileExists(atPath: folder + "/" + file)) }
        }
    }

    /// An output folder that is, or holds, an input, or lies inside an input folder, is refused
    /// even when it is otherwise empty of foreign files; a missing folder, a file and an input
    /// beside the folder are told apart.
    @Test func inputsAndFilesAreNeverReplaced() throws {
        let root = try Fixtures.temporaryFolder()
        let month = root + "/month"
        try FileManager.default.createDirectory(atPath: month, withIntermediateDirectories: true)
        #expect(PackWriter.replaceable(month, inputs: [month])?.contains("is the input") == true)
        #expect(PackWriter.replaceable(root, inputs: [month])?.contains("holds the input") == true)
        #expect(PackWriter.replaceable(root + "/month/../month/", inputs: [month])?.contains("is the input") == true)
        #expect(PackWriter.replaceable(root + "/pack", inputs: [month]) == nil)
        #expect(PackWriter.replaceable(root + "/monthly", inputs: [month]) == nil)
        // A month of loose cost files is read whole: nothing may go inside it.
        #expect(
            PackWriter.replaceable(month + "/reports", inputs: [month])?
                .contains("is inside \(month), which the run reads files from") == true
        )
        // With costdetails/ and transactions/, those are read; a folder beside them is not.
        try FileManager.default.createDirectory(atPath: month + "/costdetails", withIntermediateDirectories: true)
        for inside in [month + "/costdetails/pack", month + "/transactions/pack"] {
            #expect(
                PackWriter.replaceable(inside, inputs: [month])?.contains("which the run reads files from") == true,
                "\(inside)"
            )
        }
        #expect(PackWriter.replaceable(month + "/reports", inputs: [month]) == nil)
        try Data("x".utf8).write(to: URL(fileURLWithPath: root + "/file"))
        #expect(PackWriter.replaceable(root + "/file", inputs: [])?.contains("is not a folder") == true)
    }

    /// A staging folder whose lock file nobody holds (its run was killed) is removed by the next
    /// run to the same destination; one whose lock is held (a run still writing, here or on
    /// another machine sharing the folder), one without a lock file, a `.old` folder and other
    /// names are kept.
    @Test func stagingLeftByAKilledRunIsRemoved() throws {
        let root = try Fixtures.temporaryFolder()
        let names = [
            ".out.partial-1-killed", ".out.partial-2-running", ".out.partial-3-nolock", ".out.partial-4-x.old",
            ".other.partial-5-y", "out-notes",
        ]
        for name in names {
            try FileManager.default.createDirectory(atPath: root + "/" + name, withIntermediateDirectories: true)
        }
        let dayAgo = Date(timeIntervalSinceNow: -2 * 86_400)
        for lock in [
            ".out.partial-1-killed.lock", ".out.partial-2-running.lock", ".other.partial-5-y.lock",
            ".out.partial-6-recent.lock",
        ] {
            try Data().write(to: URL(fileURLWithPath: root + "/" + lock))
            if !lock.contains("recent") {
                try FileManager.default.setAttributes([.modificationDate: dayAgo], ofItemAtPath: root + "/" + lock)
            }
        }
        // A free lock made in the last day may be a run on another machine: kept.
        try FileManager.default.createDirectory(
            atPath: root + "/.out.partial-6-recent",
            withIntermediateDirectories: true
        )
        let held = open(root + "/.out.partial-2-running.lock", O_RDWR)
        #expect(flock(held, LOCK_EX | LOCK_NB) == 0)
        defer { close(held) }
        let pack = try PackWriter(destination: root + "/out")
        // The new writer's own staging folder and lock file exist while it runs.
        #expect(FileSystem.isDirectory(pack.staging.path) && FileSystem.exists(pack.staging.path + ".lock"))
        pack.discard()
        let left = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        #expect(
            left == [
                ".other.partial-5-y", ".other.partial-5-y.lock", ".out.partial-2-running",
                ".out.partial-2-running.lock", ".out.partial-3-nolock", ".out.partial-4-x.old", ".out.partial-6-recent",
                ".out.partial-6-recent.lock", "out-notes",
            ]
        )
    }

    /// A staging folder removed while the run writes is an error, not a half-empty pack.
    @Test func aStagingFolderRemovedMidRunIsAnError() throws {
        let root = try Fixtures.temporaryFolder()
        let pack = try PackWriter(destination: root + "/out")
        try pack.write("a.csv", "x\n")
        try FileManager.default.removeItem(at: pack.staging)
        #expect(throws: IngestError.self) { try pack.write("b.csv", "y\n") }
        pack.discard()
    }

    /// `--rejects` never overwrites an input or a file it did not write, and never writes into an
    /// input folder; an earlier rejects file (with or without a byte-order mark) is replaced.
    @Test(arguments: [
        ("new.csv", nil as String?, true), ("old.csv", "file,line,column,reason,raw\r\nx\r\n", true),
        ("bom.csv", "\u{FEFF}file,line,column,reason,raw\r\n", true), ("invoices.json", "{}", false),
        ("input.csv", "a,b\n", false), ("month/rejects.csv", nil, false),
    ]) func rejectsGoOnlyWhereNothingElseIsLost(name: String, content: String?, allowed: Bool) throws {
        let root = try Fixtures.temporaryFolder()
        try FileManager.default.createDirectory(atPath: root + "/month", withIntermediateDirectories: true)
        try Data("a,b\n".utf8).write(to: URL(fileURLWithPath: root + "/input.csv"))
        if let content { try Data(content.utf8).write(to: URL(fileURLWithPath: root + "/" + name)) }
        let problem = RejectsCSVWriter.replaceable(root + "/" + name, inputs: [root + "/input.csv", root + "/month"])
        #expect((problem == nil) == allowed, "\(name): \(problem ?? "allowed")")
        // Through a link to the input folder, a new file would still land inside it.
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: root + "/month")
        #expect(RejectsCSVWriter.replaceable(root + "/link/rejects.csv", inputs: [root + "/month"]) != nil)
    }

    /// A link given as --out is followed: the pack replaces the folder it points to, and the link
    /// stays a link.
    @Test func aLinkAsTheOutputFolderIsFollowed() throws {
        let root = try Fixtures.temporaryFolder()
        try FileManager.default.createDirectory(atPath: root + "/real", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: root + "/link", withDestinationPath: root + "/real")
        let pack = try PackWriter(destination: root + "/link")
        try pack.write("variances.csv", "x\n")
        try pack.write("manifest.json", "{\"manifestVersion\" : 2}\n")
        try pack.publish()
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: root + "/link") == root + "/real")
        #expect(FileManager.default.fileExists(atPath: root + "/real/variances.csv"))
    }

    /// Publishing over an earlier pack replaces it whole: the second pack is there, nothing of the
    /// first is left (in the pack or beside it), and on Linux the two folders were exchanged in
    /// one step, so at no moment was there no pack at the destination.
    @Test func publishingTwiceLeavesTheSecondPackAndNothingOfTheFirst() throws {
        let root = try Fixtures.temporaryFolder()
        func publish(_ pages: [String: String]) throws -> PackWriter.Publication {
            let pack = try PackWriter(destination: root + "/out")
            try pack.write("manifest.json", "{\"manifestVersion\" : 3}\n")
            for (name, text) in pages { try pack.write(name, text) }
            return try pack.publish()
        }
        #expect(try publish(["index.html": "first", "audit.html": "first"]) == .created)
        #if os(Linux)
        let replacing = PackWriter.Publication.exchanged
        #else
        let replacing = PackWriter.Publication.renamed
        #endif
        #expect(try publish(["index.html": "second"]) == replacing)
        #expect(FileSystem.filesRecursively(in: root + "/out") == ["index.html", "manifest.json"])
        #expect(String(decoding: try FileSystem.read(root + "/out/index.html"), as: UTF8.self) == "second")
        // No staging folder, lock file or set-aside pack is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root) == ["out"])
    }
}

/// The atomic exchange of two paths that publishing a pack over an earlier one uses.
@Suite struct FileExchangeTests {
    /// Two folders change places, contents and all; a path that does not exist is a failure with
    /// its cause, and nothing moves.
    @Test func twoFoldersChangePlaces() throws {
        let root = try Fixtures.temporaryFolder()
        for (folder, file) in [("a", "one.txt"), ("b", "two.txt")] {
            try FileManager.default.createDirectory(
                atPath: root + "/" + folder + "/sub",
                withIntermediateDirectories: true
            )
            try Data(folder.utf8).write(to: URL(fileURLWithPath: root + "/" + folder + "/sub/" + file))
        }
        #if os(Linux)
        #expect(FileSystem.exchange(root + "/a", root + "/b") == .exchanged)
        #expect(FileSystem.filesRecursively(in: root + "/a") == ["sub/two.txt"])
        #expect(FileSystem.filesRecursively(in: root + "/b") == ["sub/one.txt"])
        #expect(String(decoding: try FileSystem.read(root + "/a/sub/two.txt"), as: UTF8.self) == "b")
        #expect(FileSystem.exchange(root + "/a", root + "/missing") == .failed("No such file or directory"))
        #expect(FileSystem.filesRecursively(in: root + "/a") == ["sub/two.txt"])
        #else
        #expect(FileSystem.exchange(root + "/a", root + "/b") == .unsupported)
        #expect(FileSystem.filesRecursively(in: root + "/a") == ["sub/one.txt"])
        #endif
    }
}
