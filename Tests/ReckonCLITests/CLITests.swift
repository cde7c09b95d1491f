import Foundation
import Testing

/// Runs `reckon` as a user would and returns (exit status, stdout, stderr).
func reckon(_ arguments: [String], in directory: String? = nil) throws -> (status: Int32, out: String, err: String) {
    // The test bundle sits in the products folder (or is it); `reckon` is built beside it.
    let bundle = Bundle.main.bundleURL
    let candidates = [
        bundle.appendingPathComponent("reckon"), bundle.deletingLastPathComponent().appendingPathComponent("reckon"),
    ]
    let binary = try #require(
        candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
        "reckon is not built beside \(bundle.path)"
    )
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    process.currentDirectoryURL = URL(fileURLWithPath: directory ?? repositoryRoot)
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (
        process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self)
    )
}

let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url.path }
    }
    return "."
}()

/// A fresh temporary folder for one test, in this process's folder of `<tmp>/reckon-tests`, which
/// the ReckonKit tests' `Fixtures.runFolder` removes once this process has ended.
func temporaryFolder() throws -> String {
    let path = NSTemporaryDirectory() + "reckon-tests/\(getpid())/cli-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct CLITests {
    @Test func helpExplainsEveryCommand() throws {
        let result = try reckon(["--help"])
        #expect(result.status == 0)
        for command in ["inspect", "reconcile", "trace", "generate"] { #expect(result.out.contains(command)) }
        let inspect = try reckon(["inspect", "--help"])
        #expect(inspect.out.contains("--strict") && inspect.out.contains("--json"))
    }

    /// Bad options exit with 2, as the help says (ArgumentParser's own code would be 64), with
    /// its message and the usage line; help and version exit 0.
    @Test(arguments: [
        (["close"], 2, "Missing expected argument '<month>'"),
        (["inspect", "x", "--threads", "0"], 2, "--threads must be at least 1"),
        (["inspect", "x", "--threads", "-3"], 2, "--threads must be at least 1"),
        (["close", "--bogus", "x"], 2, "Unknown option '--bogus'"),
        (["trace", "m", "--invoice", "G1", "--level", "meter"], 2, "--key is needed at the meter level"),
        (["generate", "--out", "x", "--month", "2026-13"], 2, "Usage: reckon generate"),
        (["close", "m", "--period", "2026-13"], 2, "there is no month 13 (yyyy-MM: the month is 01 to 12)"),
        (["allocate", "m", "--period", "2026-10-01"], 2, "expected a billing month as yyyy-MM, such as 2026-10"),
        (["--version"], 0, ""), (["close", "--help"], 0, ""),
    ]) func usageErrorsExitWith2(arguments: [String], status: Int32, message: String) throws {
        let result = try reckon(arguments)
        #expect(result.status == status, "\(arguments): \(result.err)")
        #expect(message.isEmpty ? result.err.isEmpty : result.err.contains(message), "\(result.err)")
    }

    @Test func aMissingInputIsAClearErrorWithStatus2() throws {
        let result = try reckon(["inspect", "no/such/folder"])
        #expect(result.status == 2)
        #expect(result.err == "reckon: error: no/such/folder: no such file or folder\n")
    }

    /// A month whose only cost file has a header and no rows (Microsoft's EA_NoRows.csv) has
    /// nothing to charge back: close says so, names the file, and points to reconcile.
    @Test func aMonthWithoutCostRowsIsAClearError() throws {
        let month = try temporaryFolder() + "/month"
        try FileManager.default.createDirectory(atPath: month + "/costdetails", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: repositoryRoot + "/fixtures/realdata/finops-toolkit/test-assets/EA_NoRows.csv",
            toPath: month + "/costdetails/EA_NoRows.csv"
        )
        let result = try reckon(["close", month, "--out", month + "/../pack"])
        #expect(result.status == 2)
        #expect(
            result.err.contains(
                "cannot allocate: no cost rows to allocate: EA_NoRows.csv holds a header and no rows, so there is no month to charge back (reckon reconcile still checks the month's invoices)"
            ),
            "\(result.err)"
        )
        #expect(!FileManager.default.fileExists(atPath: month + "/../pack"))
        // A file with rows, none of them usable, is not called empty: the counts say why.
        try FileManager.default.removeItem(atPath: month + "/costdetails/EA_NoRows.csv")
        let rows =
            "invoiceId,date,billingCurrency,costInBillingCurrency,subscriptionId,chargeType\n"
            + String(repeating: "G1,2026-10-01,USD,n/a,s1,Usage\n", count: 3)
        try Data(rows.utf8).write(to: URL(fileURLWithPath: month + "/costdetails/actual.csv"))
        let bad = try reckon(["close", month, "--out", month + "/../pack"])
        #expect(bad.status == 2)
        #expect(
            bad.err.contains(
                "cannot allocate: no cost rows to allocate: none of the 3 row(s) of actual.csv can be used: 3 rejected, 0 filtered (3 invalid value)"
            ),
            "\(bad.err)"
        )
    }

    /// `--out` at the month folder, at a folder holding it, or at a folder of other files is refused
    /// with status 2 before anything is read, and nothing is deleted.
    @Test(arguments: ["close", "reconcile", "allocate"]) func anOutputFolderThatIsNotAnEarlierOutputIsNeverReplaced(
        command: String
    ) throws {
        let root = try temporaryFolder()
        let month = root + "/month"
        try FileManager.default.copyItem(atPath: repositoryRoot + "/fixtures/contoso-2026-10", toPath: month)
        let other = root + "/other"
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: URL(fileURLWithPath: other + "/thesis.txt"))
        let before = try FileManager.default.subpathsOfDirectory(atPath: root).sorted()
        for (out, directory, problem) in [
            (month, root, "is the input"), (".", root, "holds the input"),
            (other, root, "holds files this command does not write (thesis.txt)"),
        ] {
            let result = try reckon([command, month, "--out", out, "--quiet"], in: directory)
            #expect(result.status == 2, "\(command) --out \(out)")
            #expect(result.err.contains(problem), "\(result.err)")
        }
        #expect(try FileManager.default.subpathsOfDirectory(atPath: root).sorted() == before)
    }

    /// A month with no cost data is an error, never an empty reconciliation with status 0: an
    /// empty folder says where exports go, a cost file whose cost column is misspelled names the
    /// file, the header line and the columns expected.
    @Test(arguments: ["reconcile", "close", "allocate"]) func aMonthWithoutCostDataIsAnError(command: String) throws {
        let root = try temporaryFolder()
        try FileManager.default.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/bad/costdetails", withIntermediateDirectories: true)
        let header = "invoiceId,date,billingCurrency,costInBilling,meterId\n"
        try Data((header + "G1,10/05/2026,USD,1.5,m1\n").utf8)
            .write(to: URL(fileURLWithPath: root + "/bad/costdetails/badheader-actual.csv"))
        let map = repositoryRoot + "/fixtures/contoso-2026-10/subscription-map.csv"
        for (month, expected) in [
            ("empty", "no cost files were found (cost details exports go under costdetails/"),
            (
                "bad",
                "badheader-actual.csv:1: this is not a cost-details header: expected a cost column (costInBillingCurrency"
            ),
        ] {
            let mapping = command == "reconcile" ? [] : ["--subscription-map", map]
            let result = try reckon([command, month, "--out", "out-\(month)", "--quiet"] + mapping, in: root)
            #expect(result.status == 2, "\(command) \(month): \(result.err)")
            #expect(result.err.contains(expected), "\(result.err)")
            #expect(!FileManager.default.fileExists(atPath: root + "/out-\(month)"))
        }
    }

    /// A subscription map kept inside the output folder is an input: the close refuses to replace
    /// the folder rather than delete it.
    @Test func aSubscriptionMapInsideTheOutputFolderIsNeverReplaced() throws {
        let root = try temporaryFolder()
        let month = repositoryRoot + "/fixtures/contoso-2026-10"
        #expect(try reckon(["close", month, "--out", "pack", "--quiet"], in: root).status == 0)
        try FileManager.default.removeItem(atPath: root + "/pack/chargeback.csv")
        try FileManager.default.copyItem(atPath: month + "/subscription-map.csv", toPath: root + "/pack/chargeback.csv")
        let result = try reckon(
            ["close", month, "--subscription-map", "pack/chargeback.csv", "--out", "pack", "--quiet"],
            in: root
        )
        #expect(result.status == 2)
        #expect(result.err.contains("holds the input pack/chargeback.csv"), "\(result.err)")
        #expect(
            FileManager.default.contents(atPath: root + "/pack/chargeback.csv")
                == FileManager.default.contents(atPath: month + "/subscription-map.csv")
        )
    }

    /// Invoices alone, with a subscription map beside them in the month and no cost files, are
    /// reconciled on their own (every line missing usage), with one note saying so.
    @Test func invoicesAloneAreReconciledBesideOtherCSVs() throws {
        let root = try temporaryFolder()
        try FileManager.default.createDirectory(atPath: root + "/inv", withIntermediateDirectories: true)
        for file in ["invoices.json", "subscription-map.csv"] {
            try FileManager.default.copyItem(
                atPath: repositoryRoot + "/fixtures/contoso-2026-10/" + file,
                toPath: root + "/inv/" + file
            )
        }
        let result = try reckon(["reconcile", "inv", "--out", "out", "--quiet"], in: root)
        #expect(result.status == 0, "\(result.err)")
        #expect(
            result.out.components(separatedBy: "every invoice line is reported as missing usage").count == 2,
            "\(result.out)"
        )
    }

    /// The rows of a price sheet read as CSV are counted with the cost rows, and the summary says
    /// how many (pricesheet.csv has 117 items), since the totals are of cost rows only.
    @Test func inspectSaysHowManyRowsArePriceSheetItems() throws {
        let result = try reckon(["inspect", "fixtures/contoso-2026-10", "--rejects", try temporaryFolder() + "/r.csv"])
        #expect(result.status == 0, "\(result.err)")
        #expect(
            result.out.contains(
                "  rows      2720 read (117 of them price-sheet items, not in the totals): 2472 used, 248 filtered, 0 rejected\n"
            )
        )
    }

    @Test func badRowsAreRejectedToTheRejectsFile() throws {
        let folder = try temporaryFolder()
        let result = try reckon([
            "inspect", "fixtures/bad-rows/mca-planted-errors.csv", "--rejects", folder + "/rejects.csv",
        ])
        #expect(result.status == 0)
        #expect(result.out.contains("10 read: 5 used, 1 filtered, 4 rejected"))
        let rejects = try String(contentsOfFile: folder + "/rejects.csv", encoding: .utf8)
        #expect(rejects.hasPrefix("file,line,column,reason,raw\r\n"))
        #expect(rejects.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count >= 5)
        // A later run without bad rows removes that file: it would pass for this run's.
        let clean = try reckon([
            "inspect", "fixtures/contoso-2026-10/costdetails", "--rejects", folder + "/rejects.csv",
        ])
        #expect(clean.status == 0, "\(clean.err)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/rejects.csv"))
    }

    @Test func strictStopsWithTheLineAndStatus2() throws {
        let result = try reckon([
            "inspect", "fixtures/bad-rows/mca-planted-errors.csv", "--strict", "--rejects",
            try temporaryFolder() + "/r.csv",
        ])
        #expect(result.status == 2)
        #expect(
            result.err.contains(
                "fixtures/bad-rows/mca-planted-errors.csv:4: expected 65 fields (as in the header), found 64 (stopped by --strict)"
            )
        )
    }

    @Test func reconcileWritesItsFilesAndFailsOnVarianceWhenAsked() throws {
        let out = try temporaryFolder() + "/reconcile"
        let plain = try reckon(["reconcile", "fixtures/contoso-2026-10", "--out", out, "--quiet"])
        #expect(plain.status == 0)
        for file in ["variances.csv", "reconciliation.json", "price-sheet-findings.csv", "price-flagged-rows.csv"] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + file))
        }
        let strict = try reckon([
            "reconcile", "fixtures/contoso-2026-10", "--out", out, "--quiet", "--fail-on-variance",
        ])
        #expect(strict.status == 1)
        // No staging folders left beside the output.
        let siblings = try FileManager.default.contentsOfDirectory(atPath: (out as NSString).deletingLastPathComponent)
        #expect(siblings == ["reconcile"])
    }

    /// A rejected row is warned about after the summary, and `--fail-on-rejects` makes the
    /// finished run exit 1, with its outputs written (`rejects.csv` among them). The rows:
    /// - `cost`: the Datadog charge of 1,150 USD, its costInBillingCurrency made `x150` (the same
    ///   length, so the export manifest's byte count still holds); its invoice line now reads
    ///   `missing_usage`, which the warning explains;
    /// - `cost, actual only`: the same month without its amortized export, so reconciliation and
    ///   allocation read the row in one pass: it is still one rejected row, not two;
    /// - `price sheet`: a price-sheet item whose UnitPrice is `N/A`.
    /// The clean month passes.
    @Test(arguments: [
        ("reconcile", "cost"), ("close", "cost"), ("inspect", "cost"), ("close", "cost, actual only"),
        ("allocate", "cost, actual only"), ("close", "price sheet"), ("reconcile", "price sheet"),
    ]) func failOnRejectsExitsOneWhenARowWasRejected(command: String, damage: String) throws {
        let root = try temporaryFolder()
        let month = root + "/month"
        try FileManager.default.copyItem(atPath: repositoryRoot + "/fixtures/contoso-2026-10", toPath: month)
        // As bytes: the files start with a byte-order mark, which a String would drop.
        func replace(_ file: String, _ from: String, _ to: String) throws {
            var bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            let anchor = Data(from.utf8)
            let found = try #require(bytes.range(of: anchor))
            #expect(bytes[found.upperBound...].range(of: anchor) == nil)
            bytes.replaceSubrange(found, with: Data(to.utf8))
            try bytes.write(to: URL(fileURLWithPath: file))
        }
        if damage == "price sheet" {
            try replace(month + "/pricesheet.csv", ",17.833,", ",N/A,")
        } else {
            let part =
                month
                + "/costdetails/contoso-mca-actual/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv"
            try replace(part, ",USD,1150,1150,1150,", ",USD,x150,1150,1150,")
        }
        if damage == "cost, actual only" {
            try FileManager.default.removeItem(atPath: month + "/costdetails/contoso-mca-amortized")
        }
        let output = command == "inspect" ? ["--rejects", root + "/rejects.csv"] : ["--out", root + "/out"]
        let warned = try reckon([command, month, "--quiet"] + output)
        #expect(warned.status == 0, "\(warned.err)")
        if command != "inspect" {
            #expect(
                warned.out.contains(
                    "warning: 1 row(s) were rejected (see \(root)/out/rejects.csv): a rejected cost row is in no amount computed here"
                ),
                "\(warned.out)"
            )
        }
        if damage == "cost" && command != "inspect" {
            #expect(warned.out.contains("Digital Products|Datadog - Pro (Monthly): missing_usage"))
        }
        let failed = try reckon([command, month, "--quiet", "--fail-on-rejects"] + output)
        #expect(failed.status == 1, "\(failed.err)")
        let rejects = command == "inspect" ? root + "/rejects.csv" : root + "/out/rejects.csv"
        let lines = try String(contentsOfFile: rejects, encoding: .utf8).split(whereSeparator: \.isNewline)
        #expect(lines.count == 2, "\(lines)")
        let clean = try reckon([command, "fixtures/contoso-2026-10", "--quiet", "--fail-on-rejects"] + output)
        #expect(clean.status == 0, "\(clean.err)")
        #expect(!clean.out.contains("were rejected"))
    }

    @Test func aBadConfigNamesTheLine() throws {
        let folder = try temporaryFolder()
        try "reconcile:\n  tolerances:\n    meter: { absolute: abc }\n"
            .write(toFile: folder + "/reckon.yaml", atomically: true, encoding: .utf8)
        let result = try reckon([
            "reconcile", "fixtures/contoso-2026-10", "--config", folder + "/reckon.yaml", "--out", folder + "/out",
        ])
        #expect(result.status == 2)
        #expect(result.err.contains("reckon.yaml:3:"))
        #expect(result.err.contains("reconcile.tolerances.meter.absolute: 'abc' is not a number"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"))
    }

    @Test func generateThenInspectReadsTheSameMonth() throws {
        let folder = try temporaryFolder() + "/month"
        let generated = try reckon(["generate", "--out", folder, "--rows", "600", "--seed", "5"])
        #expect(generated.status == 0)
        let inspected = try reckon(["inspect", folder + "/costdetails", "--json", "--quiet"])
        #expect(inspected.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(inspected.out.utf8)) as? [String: Any]
        let counts = report?["counts"] as? [String: Any]
        #expect((counts?["rejected"] as? [String: Int])?.isEmpty == true)
        #expect((report?["files"] as? [Any])?.count == 2)
    }
}

@Suite struct CloseCLITests {
    @Test func closeWithoutAnOrgPutsEverythingInOneUnallocatedCostCenter() throws {
        let folder = try temporaryFolder()
        try "".write(toFile: folder + "/empty.yaml", atomically: true, encoding: .utf8)
        let result = try reckon([
            "close", "fixtures/contoso-2026-10", "--config", folder + "/empty.yaml", "--out", folder + "/pack",
            "--quiet",
        ])
        #expect(result.status == 0)
        // The month's own map is not read unless named, and the close says so.
        #expect(
            result.err.contains(
                "fixtures/contoso-2026-10/subscription-map.csv is not read unless named: add --subscription-map"
            )
        )
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder + "/pack/statements") == ["unallocated.html"]
        )
        let verify = try reckon(["verify", folder + "/pack", "--month", "fixtures/contoso-2026-10"])
        #expect(verify.status == 0)
        #expect(verify.out.contains("everything matches the manifest"))
    }

    /// `close --metric` does not choose the chargeback's cost (allocation.metric does): when it names
    /// the other cost, a note says what it did instead; when it names the chargeback's own, nothing.
    @Test(arguments: [("actual", true), ("amortized", false)]) func closeSaysWhatMetricDid(metric: String, noted: Bool)
        throws
    {
        let folder = try temporaryFolder()
        let result = try reckon([
            "close", "fixtures/contoso-2026-10", "--metric", metric, "--out", folder + "/pack", "--quiet",
        ])
        #expect(result.status == 0)
        let note =
            "note: --metric actual only says what the single cost column of EA/MCA files holds when neither an export manifest nor the file name says "
            + "(no cost file here needed it); it does not choose the chargeback's cost, which stays amortized "
            + "(allocation.metric in reckon.yaml; set it to actual to charge back actual cost)"
        #expect(result.err.contains(note) == noted)
        #expect(!result.err.contains("note: --metric amortized"))
        #expect(result.out.contains("USD       6,488.46  3,988.45"))
    }

    @Test func closeBySubscriptionMapWithGermanNumbers() throws {
        let folder = try temporaryFolder()
        try "".write(toFile: folder + "/empty.yaml", atomically: true, encoding: .utf8)
        let result = try reckon([
            "close", "fixtures/contoso-2026-10", "--config", folder + "/empty.yaml", "--subscription-map",
            "fixtures/contoso-2026-10/subscription-map.csv", "--number-format", "de", "--out", folder + "/pack",
            "--quiet",
        ])
        #expect(result.status == 0)
        let index = try String(contentsOfFile: folder + "/pack/index.html", encoding: .utf8)
        #expect(index.contains("7.007,98"))
        #expect(FileManager.default.fileExists(atPath: folder + "/pack/statements/CC-1026.html"))
        #expect(FileManager.default.fileExists(atPath: folder + "/pack/statements/unallocated.html"))
    }

    /// `--subscription-map` outside the month folder: recorded by its absolute path and verified.
    @Test func verifyChecksASubscriptionMapGivenOnTheCommandLine() throws {
        let folder = try temporaryFolder()
        try "".write(toFile: folder + "/empty.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.copyItem(
            atPath: repositoryRoot + "/fixtures/contoso-2026-10/subscription-map.csv",
            toPath: folder + "/map.csv"
        )
        let result = try reckon([
            "close", "fixtures/contoso-2026-10", "--config", folder + "/empty.yaml", "--subscription-map",
            folder + "/map.csv", "--out", folder + "/pack", "--quiet",
        ])
        #expect(result.status == 0)
        let intact = try reckon(["verify", folder + "/pack", "--month", "fixtures/contoso-2026-10"])
        #expect(intact.status == 0, "\(intact.out)")
        try "subscription_id,cost_center\n".write(toFile: folder + "/map.csv", atomically: true, encoding: .utf8)
        let changed = try reckon(["verify", folder + "/pack", "--month", "fixtures/contoso-2026-10"])
        #expect(changed.status == 1)
        #expect(changed.out.contains("changed: input \(folder)/map.csv: SHA-256"), "\(changed.out)")
    }

    /// The recipe of the month-over-month chart: September's pack beside October's. October's
    /// untouched pack verifies against its month folder; a changed September chargeback is caught.
    @Test func verifyFindsTheEarlierPackBesideThePack() throws {
        let folder = try temporaryFolder()
        let month = repositoryRoot + "/fixtures/contoso-2026-10"
        #expect(try reckon(["generate", "--month", "2026-09", "--out", "m9"], in: folder).status == 0)
        #expect(
            try reckon(
                ["close", "m9", "--subscription-map", "m9/subscription-map.csv", "--out", "packs/2026-09", "--quiet"],
                in: folder
            )
            .status == 0
        )
        #expect(try reckon(["close", month, "--out", "packs/2026-10", "--quiet"], in: folder).status == 0)
        let intact = try reckon(["verify", "packs/2026-10", "--month", month], in: folder)
        #expect(intact.status == 0, "\(intact.out)")
        #expect(intact.out.contains("everything matches the manifest"))
        try "period,cost_center,currency,total\n"
            .write(toFile: folder + "/packs/2026-09/chargeback.csv", atomically: true, encoding: .utf8)
        let changed = try reckon(["verify", "packs/2026-10", "--month", month], in: folder)
        #expect(changed.status == 1)
        #expect(changed.out.contains("changed: input ../2026-09/chargeback.csv: SHA-256"), "\(changed.out)")
        #expect(!changed.out.contains("missing"))
    }

    @Test func aBrokenTemplateOverrideStopsTheCloseAndNamesIt() throws {
        let folder = try temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/templates/html", withIntermediateDirectories: true)
        try "<p>{{#x}}</p>\n"
            .write(toFile: folder + "/templates/html/audit.mustache", atomically: true, encoding: .utf8)
        let result = try reckon([
            "close", "fixtures/contoso-2026-10", "--templates", folder + "/templates", "--out", folder + "/pack",
        ])
        #expect(result.status == 2)
        #expect(result.err.contains("templates/html/audit.mustache"))
        #expect(result.err.contains("template html.audit"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/pack"))
        // A template that renders markup that is not well-formed is caught before publishing.
        try "{{< html.layout}}{{$body}}<p>unclosed{{/body}}{{/html.layout}}\n"
            .write(toFile: folder + "/templates/html/audit.mustache", atomically: true, encoding: .utf8)
        let broken = try reckon([
            "close", "fixtures/contoso-2026-10", "--templates", folder + "/templates", "--out", folder + "/pack",
        ])
        #expect(broken.status == 2)
        #expect(broken.err.contains("the page audit.html it rendered is not well-formed"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/pack"))
    }
}

extension CLITests {
    /// `close --period 2024-09` closes the FOCUS sample, whose one row of October (line 946)
    /// stopped the chargeback; a period that is not yyyy-MM is a usage error (status 2).
    @Test func closeTakesTheBillingMonthToAllocate() throws {
        let folder = try temporaryFolder()
        try FileManager.default.createDirectory(
            atPath: folder + "/month/costdetails",
            withIntermediateDirectories: true
        )
        try FileManager.default.copyItem(
            atPath: "fixtures/realdata/focus-sample-data/focus_sample.csv",
            toPath: folder + "/month/costdetails/focus_sample.csv"
        )
        let without = try reckon(["close", folder + "/month", "--out", folder + "/pack", "--quiet"])
        #expect(without.status == 2 && without.err.contains("give --period with one of 2024-09, 2024-10"))
        let closed = try reckon([
            "close", folder + "/month", "--out", folder + "/pack", "--period", "2024-09", "--quiet",
        ])
        #expect(closed.status == 0, "\(closed.err)")
        #expect(
            closed.out.contains(
                "1000 rows, 999 used, 1 filtered (1 row of another billing period than the one allocated (--period))"
            )
        )
        // The pack is September's, the month asked for, though one row compared with invoices is October's.
        let reported = try reckon(["close", folder + "/month", "--out", folder + "/pack", "--period", "2024-09"])
        #expect(reported.out.contains("wrote the close pack for September 2024 to "), "\(reported.out)")
        // The manifest records the month, so a rerun can write the same pack.
        let manifest = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: folder + "/pack/manifest.json")),
            as: UTF8.self
        )
        #expect(manifest.contains("\"chargebackMonth\" : \"2024-09\""))
        let index = String(
            decoding: try Data(contentsOf: URL(fileURLWithPath: folder + "/pack/index.html")),
            as: UTF8.self
        )
        #expect(
            index.contains(
                "the chargeback is billing month 2024-09 (--period): 1 cost row(s) of other billing periods were left out of it"
            )
        )
        let wrong = try reckon(["close", folder + "/month", "--out", folder + "/pack", "--period", "2024-9"])
        #expect(wrong.status == 2 && wrong.err.contains("--period <yyyy-MM>"))
    }
}

extension CLITests {
    /// trace writes CSV to standard output, each line ending in CRLF, and nothing after the last.
    @Test func traceWritesCSVLinesAndNothingAfter() throws {
        let result = try reckon([
            "trace", "fixtures/contoso-2026-10", "--invoice", "G118264930", "--level", "meter", "--key",
            "Digital Products|D4s v5",
        ])
        #expect(result.status == 0)
        #expect(result.out.hasPrefix("file,line,date,charge_type,meter,cost\r\n"))
        #expect(
            Array(result.out.utf8.suffix(3)) != [0x0D, 0x0A, 0x0A] && Array(result.out.utf8.suffix(2)) == [0x0D, 0x0A]
        )
    }
}

extension CLITests {
    /// A tag value with terminal codes (`\u001b[31m`, a title-setting OSC) reaches a warning: it
    /// is printed as `\x1b…`, so it can neither colour the terminal nor set its title.
    @Test func controlCharactersFromTheDataAreShownNotObeyed() throws {
        let folder = try temporaryFolder()
        let source = try #require(
            FileManager.default.subpaths(atPath: "fixtures/contoso-2026-10/costdetails/contoso-mca-amortized")?
                .first { $0.hasSuffix("part_0_0001.csv") }
        )
        let text = try String(
            contentsOfFile: "fixtures/contoso-2026-10/costdetails/contoso-mca-amortized/" + source,
            encoding: .utf8
        )
        try text.replacing("\"\"CC-1029\"\"", with: "\"\"\\u001b[31mRED\\u001b]0;pwned\\u0007\"\"")
            .write(toFile: folder + "/amortized.csv", atomically: true, encoding: .utf8)
        let result = try reckon([
            "allocate", folder + "/amortized.csv", "--config", "fixtures/contoso-2026-10/reckon.yaml", "--metric",
            "amortized", "--out", folder + "/out",
        ])
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("costcenter=\\x1b[31mRED\\x1b]0;pwned\\x07"))
        #expect(!(result.out + result.err).unicodeScalars.contains("\u{1B}"))
    }
}

extension CLITests {
    /// close prints the manifest's own SHA-256 (`sha256sum` of the file, independently), and
    /// verify given it catches an edit of the manifest, which every other check trusts.
    @Test func theManifestsOwnDigestCatchesAnEditOfTheManifest() throws {
        let folder = try temporaryFolder()
        let closed = try reckon(["close", "fixtures/contoso-2026-10", "--out", folder + "/pack", "--quiet"])
        #expect(closed.status == 0)
        let sum = Process()
        sum.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        sum.arguments = [folder + "/pack/manifest.json"]
        let pipe = Pipe()
        sum.standardOutput = pipe
        try sum.run()
        let printed = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        sum.waitUntilExit()
        let digest = String(printed.prefix(64))
        #expect(closed.out.contains("manifest.json SHA-256 \(digest): keep it apart from the pack"))
        #expect(try reckon(["verify", folder + "/pack", "--manifest-sha256", digest]).status == 0)
        // Not a digest at all: a usage error, not a changed manifest.
        #expect(try reckon(["verify", folder + "/pack", "--manifest-sha256", String(digest.prefix(12))]).status == 2)
        let path = folder + "/pack/manifest.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.replacing("\"rows\" : 1300", with: "\"rows\" : 999")
            .write(toFile: path, atomically: true, encoding: .utf8)
        // Without --month the pack's outputs are checked, and the report says the inputs were not.
        let packOnly = try reckon(["verify", folder + "/pack"])
        #expect(packOnly.status == 0)
        #expect(packOnly.out.contains("outputs checked: every output matches the manifest\n"), "\(packOnly.out)")
        #expect(!packOnly.out.contains("everything matches"), "\(packOnly.out)")
        #expect(
            packOnly.out.contains(
                "the inputs were not checked: reckon verify \(folder)/pack --month <month folder> also re-checks every file the close read"
            ),
            "\(packOnly.out)"
        )
        let edited = try reckon(["verify", folder + "/pack", "--manifest-sha256", digest])
        #expect(edited.status == 1)
        #expect(edited.out.contains("changed: manifest manifest.json: SHA-256"))
    }
}

extension CLITests {
    /// `--json` is data: a DEL in a meter name stays in the JSON as its own character (JSON has no
    /// `\x7f` escape), so a JSON reader parses it; the text report shows it as `\x7f`.
    @Test func jsonOnStandardOutputStaysValidJSON() throws {
        let folder = try temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/month", withIntermediateDirectories: true)
        try
            "invoiceId,date,meterName,chargeType,costInBillingCurrency,billingCurrency\nG1,10/01/2026,D2\u{7F}X,Usage,1.25,USD\n"
            .write(toFile: folder + "/month/cost.csv", atomically: true, encoding: .utf8)
        let json = try reckon(["reconcile", folder + "/month", "--json", "--out", folder + "/out"])
        #expect(json.status == 0, "\(json.err)")
        let parsed = try JSONSerialization.jsonObject(with: Data(json.out.utf8))
        #expect(parsed is [String: Any] && json.out.contains("D2\u{7F}X"))
        let text = try reckon(["inspect", folder + "/month/cost.csv", "--rejects", folder + "/rejects.csv"])
        #expect(!text.out.unicodeScalars.contains("\u{7F}"))
    }
}

extension CLITests {
    /// The Contoso month whose actual-cost export lost its invoiceId column (renamed; the run's
    /// manifest removed with the older run, so the file is read as it is).
    static func monthWithoutInvoiceIds() throws -> String {
        let month = try temporaryFolder() + "/month"
        try FileManager.default.copyItem(atPath: repositoryRoot + "/fixtures/contoso-2026-10", toPath: month)
        let export = month + "/costdetails/contoso-mca-actual/20261001-20261031"
        try FileManager.default.removeItem(atPath: export + "/8f1d9f05-e107-4d3e-bb70-f5db8255745a")
        try FileManager.default.removeItem(atPath: export + "/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/manifest.json")
        let part = export + "/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv"
        // Bytes, not a String: a String read drops the file's byte-order mark.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: part))
        let header = Data("\u{FEFF}invoiceId,".utf8)
        try #require(bytes.starts(with: header))
        try (Data("\u{FEFF}invoiceNumber,".utf8) + bytes.dropFirst(header.count)).write(to: URL(fileURLWithPath: part))
        return month
    }

    /// reconcile and close stop with status 2 and say why (every invoice used to compute as 0.00
    /// with exit 0); inspect and allocate, which do not need the column, still run.
    @Test(arguments: [("reconcile", Int32(2)), ("close", 2), ("inspect", 0), ("allocate", 0)])
    func anMCAExportWithoutInvoiceIdStopsReconcileAndClose(command: String, status: Int32) throws {
        let month = try CLITests.monthWithoutInvoiceIds()
        var arguments = [command, month]
        if command != "inspect" {
            arguments += ["--out", try temporaryFolder() + "/out"]
        } else {
            arguments += ["--rejects", try temporaryFolder() + "/r.csv"]
        }
        let result = try reckon(arguments)
        #expect(result.status == status, "\(result.err)")
        let message =
            "reckon: error: contoso-mca-actual/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f/part_0_0001.csv:1: the MCA header has no invoiceId column; reconciliation matches MCA rows to invoices by it"
        #expect(result.err.contains(message) == (status == 2))
    }
}
