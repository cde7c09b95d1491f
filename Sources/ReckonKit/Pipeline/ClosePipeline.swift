import Foundation
import Logging

/// What `reckon close` is asked to do.
public struct CloseOptions: Sendable {
    /// The month folder.
    public var month: String
    /// Where the pack is published (replaced as a whole).
    public var output: String
    /// The configuration.
    public var config: ReckonConfig
    /// The path of the configuration file, if one was read (its digest goes into the manifest).
    public var configPath: String?
    /// A folder of template overrides.
    public var templates: String?
    /// Reading options.
    public var ingest: IngestOptions
    /// Write a UTF-8 byte-order mark at the start of every CSV (Excel on Windows wants one).
    public var csvByteOrderMark = false
    /// How numbers are written on the pages.
    public var format = ReportFormat()
    /// The company name on the pages; by default the billing account name in the data.
    public var company: String?
    /// What the single cost column of EA/MCA files holds when neither an export manifest nor the
    /// file name says (`--metric`). It does not choose the chargeback's cost: `allocation.metric` does.
    public var metric: CostMetric?

    /// Creates options.
    public init(
        month: String,
        output: String,
        config: ReckonConfig,
        configPath: String? = nil,
        templates: String? = nil,
        ingest: IngestOptions
    ) {
        self.month = month
        self.output = output
        self.config = config
        self.configPath = configPath
        self.templates = templates
        self.ingest = ingest
    }
}

/// What `reckon close` produced.
public struct CloseResult: Sendable {
    /// The reconciliation.
    public var reconcile: ReconcileRun
    /// The chargeback, when the configuration has an `allocation:` section.
    public var allocation: AllocationRun? = nil
    /// The manifest written into the pack.
    public var manifest: PackManifest
    /// The rows written to `rejects.csv` (cost rows, each once, and price-sheet rows).
    public var rejectedRows: Int
    /// The SHA-256 of `manifest.json` as written: the manifest cannot vouch for itself, so the
    /// auditor keeps this apart from the pack (`reckon verify --manifest-sha256`).
    public var manifestSHA256 = ""
}

/// `reckon close`: one month's inputs to a verifiable close pack, in one command.
///
/// Stages, each a plain value in and out:
/// 1. **Ingest** the month folder (one parallel pass over the actual cost for reconciliation);
/// 2. **Reconcile** the invoices (``ReconcileRunner``), and **allocate** the month's cost
///    (``AllocationRunner``) when the configuration has an `allocation:` section;
/// 3. **Render** the CSV files from row templates, the HTML pages from Mustache templates;
/// 4. **Publish**: check every HTML/XML file, hash every input and output into `manifest.json`, and
///    rename the staging folder into place, so an interrupted run never leaves a half pack.
public enum ClosePipeline {
    /// Runs the close.
    /// - Throws: the first error of any stage; nothing is published then.
    public static func run(_ options: CloseOptions, progress: (@Sendable (Int) -> Void)? = nil) throws -> CloseResult {
        let templates = try TemplateSet.load(overrides: options.templates)
        let month = try MonthFolder.discover(root: options.month, metric: options.metric)
        // Every file the run reads, the ones the configuration names included (a subscription map
        // kept in the output folder would be deleted with it).
        let inputs =
            [options.month] + [options.configPath, options.templates].compactMap { $0 }
            + (options.config.allocation?.inputs.map(\.path) ?? [])
        let pack = try PackWriter(destination: options.output, inputs: inputs)
        do {
            let result = try build(options, month: month, templates: templates, pack: pack, progress: progress)
            // The month is known only now: a pack of another month is not replaced (a close of
            // November given October's folder would otherwise overwrite October's audit trail).
            if let held = closedPeriod(at: pack.destination.path), !samePeriod(held, result.manifest.period) {
                throw IngestError(
                    file: pack.destination.path,
                    problem:
                        "holds the close pack of \(held), and this close is of \(result.manifest.period), so publishing would replace it; give --out another folder (one per month, such as reports/2026-10), or remove that one first"
                )
            }
            try pack.publish()
            return result
        } catch {
            pack.discard()
            throw error
        }
    }

    /// The period of the close pack at `folder` (its manifest's `period`), or nil when there is
    /// none or it cannot be read.
    static func closedPeriod(at folder: String) -> String? {
        guard let bytes = try? FileSystem.read(folder + "/manifest.json"), let manifest = try? JSONValue.parse(bytes)
        else { return nil }
        return manifest["period"]?.stringValue
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November",
        "December",
    ]

    /// Whether a pack of period `held` may be replaced by one of `new` (labels as ``periodLabel(_:chargebackMonth:)``
    /// writes them): when their months overlap, so a rerun whose rows no longer reach into the next
    /// month replaces its first close, or, for labels that name no month, when they are equal.
    static func samePeriod(_ held: String, _ new: String) -> Bool {
        guard let a = monthSpan(held), let b = monthSpan(new) else { return held == new }
        return a.lowerBound <= b.upperBound && b.lowerBound <= a.upperBound
    }

    /// The months a period label names, as `year × 12 + month − 1`: `October 2026` or
    /// `October 2026 – November 2026`; nil for anything else.
    static func monthSpan(_ label: String) -> ClosedRange<Int>? {
        func month(_ text: Substring) -> Int? {
            let words = text.split(separator: " " as Character)
            guard words.count == 2, let index = monthNames.firstIndex(of: String(words[0])), let year = Int(words[1])
            else { return nil }
            return year * 12 + index
        }
        let ends: [Substring] = label.split(separator: "–" as Character)
        guard (1...2).contains(ends.count), let first = month(ends[0]), let last = month(ends[ends.count - 1]),
            first <= last
        else { return nil }
        return first...last
    }

    static func build(
        _ options: CloseOptions,
        month: MonthFolder,
        templates: TemplateSet,
        pack: PackWriter,
        progress: (@Sendable (Int) -> Void)?
    ) throws -> CloseResult {
        let bom = options.csvByteOrderMark ? "\u{FEFF}" : ""
        // Each stage's wall time goes to the log (`--verbose`), for whoever tunes a large close.
        var stage = StageClock(logger: options.ingest.logger)
        // Rejected rows stream into the pack; the first hundred are kept for the audit page.
        let rejects = try RejectsCSVWriter(path: try pack.path("rejects.csv"), byteOrderMark: options.csvByteOrderMark)
        // The cost files are most of the input bytes: each is hashed for the manifest in the pass
        // that reads it. Reconciliation and allocation share one pass when they read the same files.
        var ingest = options.ingest
        ingest.digests = true
        // The allocation may still run when this returns: the reconciliation's files are written
        // meanwhile, and the chargeback's as soon as it is done.
        let (run, allocating) = try MonthPasses.start(
            month: month,
            reconcile: options.config.reconcile,
            allocation: options.config.allocation,
            options: ingest,
            reject: { try rejects.write($0) },
            progress: progress
        )
        // Nothing goes on after a failure: the allocation is waited for.
        if let allocating { try allocating.alongside { try rejects.close() } } else { try rejects.close() }
        stage.lap("read and reconciled")

        let reconciliation = run.reconciliation
        var files: [(name: String, about: String)] = [
            ("reconciliation.html", "each invoice against the cost data, level by level"),
            ("audit.html", "exceptions, rows priced wrong, rejected rows, notes"),
            ("variances.csv", "one row per compared line (the auditor's variance file)"),
            ("reconciliation.json", "the reconciliation for machines"),
            ("price-sheet-findings.csv", "meters charged above the price sheet"),
            ("price-flagged-rows.csv", "rows whose cost is not quantity × effective price"),
            ("rejects.csv", "rows that could not be read, with file, line, column and reason"),
            (
                "reckon.xlsx",
                "the workbook: summary, reconciliation, variances, chargeback, journal (Excel, LibreOffice)"
            ), ("reckon.xml", "the same workbook as XML Spreadsheet 2003"),
            ("manifest.json", "SHA-256 of every input and output; check with reckon verify"),
        ]
        if allocating != nil {
            let chargeback: [(name: String, about: String)] = [
                ("chargeback.csv", "the chargeback per cost center: direct, shared, total, budget used"),
                ("allocations.csv", "every allocated amount with its rule, step and source"),
                ("journal.csv", "the balanced chargeback journal for the ledger"),
            ]
            files.insert(contentsOf: chargeback, at: files.count - 2)
        }
        var report = PackReport(
            reconcile: run,
            rejects: rejects.sample,
            format: options.format,
            company: options.company ?? reconciliation.billingAccounts.first ?? "Azure billing account",
            periodLabel: periodLabel(reconciliation, chargebackMonth: options.config.allocation?.billingMonth),
            files: files
        )

        // The chargeback's files (one statement per cost center, the longest part) are written on
        // a thread of their own, once the allocation is done, while this one writes the
        // reconciliation's and the workbook.
        let statementReport = report
        let chargeback = Background {
            () throws -> (allocation: AllocationRun, view: ChargebackView, history: PackHistory)? in
            guard let allocating, let settings = options.config.allocation else { return nil }
            let allocation = try allocating.wait()
            let journal = try JournalTemplates.load(settings.journal, from: templates)
            // The ledger's three files and the statements need only the allocation: each is
            // written on a thread of its own (allocations.csv is the longest file of the pack).
            let ledgerFiles = Background { () throws -> Void in
                try AllocationCSV.writeAllocations(
                    allocation.result,
                    to: try pack.path("allocations.csv"),
                    byteOrderMark: options.csvByteOrderMark
                )
                try pack.write("chargeback.csv", bom + AllocationCSV.chargeback(allocation.result))
                try pack.write("journal.csv", bom + journal.render(allocation.result.journal))
            }
            let (view, history) = try ledgerFiles.alongside { () throws -> (ChargebackView, PackHistory) in
                // One statement per cost center; file names come from cost-center ids, made safe.
                // Earlier months' packs beside this one feed the month-over-month chart.
                let history = PackHistory.load(
                    besideOutput: options.output,
                    before: allocation.result.period.start.yearMonth,
                    costCenters: Set(allocation.result.costCenters.map(\.id)).subtracting([settings.unallocated])
                )
                let (pages, view) = try StatementPages.build(
                    allocation.result,
                    report: statementReport,
                    templates: templates,
                    history: history
                )
                for page in pages { try pack.write("statements/" + page.file, XMLText.sanitize(page.html)) }
                return (view, history)
            }
            try ledgerFiles.wait()
            return (allocation, view, history)
        }
        try chargeback.alongside {
            try pack.write(
                "variances.csv",
                bom + (try ReconciliationCSV.variances(reconciliation, templates: templates))
            )
            try pack.write("price-sheet-findings.csv", bom + ReconciliationCSV.priceSheetFindings(reconciliation))
            try pack.write("price-flagged-rows.csv", bom + ReconciliationCSV.flaggedRows(reconciliation))
            try pack.write("reconciliation.json", try JSONEncoder.reckon.encode(ReconciliationSummary(run)) + "\n")
            // Cloud data can hold characters XML forbids (control characters); they never reach a
            // page. These two pages need nothing from the allocation; the index waits for it.
            try pack.write(
                "reconciliation.html",
                XMLText.sanitize(try ReportPages.reconciliation(report, templates: templates))
            )
            try pack.write("audit.html", XMLText.sanitize(try ReportPages.audit(report, templates: templates)))
            // The workbook: the same numbers as typed cells, in both spreadsheet formats.
            let workbook = PackWorkbook.build(run, allocation: try allocating?.wait().result)
            try SpreadsheetMLWriter.write(workbook, to: try pack.path("reckon.xml"))
            try XLSXWriter.write(workbook, to: try pack.path("reckon.xlsx"))
        }
        var history = PackHistory()
        var allocation: AllocationRun?
        // Cost files the chargeback read that reconciliation did not (the amortized export).
        var chargebackOnly: [FileReadResult] = []
        if let written = try chargeback.wait() {
            allocation = written.allocation
            history = written.history
            let reconciled = Set(run.files.map(\.file.path))
            chargebackOnly = written.allocation.files.filter { !reconciled.contains($0.file.path) }
            report.chargeback = written.view
            report.chargebackInputs = chargebackOnly
            report.chargebackCost = written.allocation.costByChargeType
        }
        try pack.write("index.html", XMLText.sanitize(try ReportPages.index(report, templates: templates)))
        stage.lap("rendered")
        // Every HTML and XML file is checked with libxml2 before anything is published (on every
        // core; the first bad file in name order is the error); a page that is not well-formed
        // names the template it came from.
        let staged = pack.stagedFiles
        _ = try parallelMap(count: staged.count) { (index) throws -> Void in
            let file = staged[index]
            if file.hasSuffix(".html") {
                let path = try pack.path(file)
                do throws(XMLCheckError) { try XMLCheck.checkHTML(path: path) } catch {
                    let template =
                        file.hasPrefix("statements/")
                        ? "html.statement" : "html." + String(file.dropLast(".html".count))
                    let at = [error.line.map { "line \($0)" }, error.column.map { "column \($0)" }].compactMap { $0 }
                        .joined(separator: " ")
                    throw TemplateError(
                        template: template,
                        file: templates.sources[template]?.file ?? template,
                        problem: "the page \(file) it rendered is not well-formed XHTML at \(at): \(error.message)"
                    )
                }
            } else if file.hasSuffix(".xml") {
                try XMLCheck.checkXML(path: try pack.path(file))
            }
        }

        stage.lap("checked the pages")
        let manifest = try evidence(
            options,
            month: month,
            run: run,
            chargebackOnly: chargebackOnly,
            history: history,
            templates: templates,
            pack: pack,
            period: report.periodLabel
        )
        let manifestText = try manifest.json()
        try pack.write("manifest.json", manifestText)
        stage.lap("hashed inputs and outputs")
        var result = CloseResult(
            reconcile: run,
            allocation: allocation,
            manifest: manifest,
            // The rows in rejects.csv: cost rows once, even when both stages read them in one
            // pass or each in its own, and price-sheet rows.
            rejectedRows: rejects.count
        )
        result.manifestSHA256 = PackManifest.sha256(text: manifestText)
        return result
    }

    /// "October 2026" from the billing period of the cost rows; the month given with `--period`
    /// (`chargebackMonth`) when there is one: the month the user closes, though the rows compared
    /// with invoices may reach into the next.
    static func periodLabel(_ reconciliation: Reconciliation, chargebackMonth: Day? = nil) -> String {
        func label(_ day: Day) -> String { "\(monthNames[day.month - 1]) \(day.year)" }
        if let month = chargebackMonth { return label(month) }
        guard let first = reconciliation.billingPeriods.first?.lowerBound else { return "unknown period" }
        let last = reconciliation.billingPeriods.last?.lowerBound ?? first
        return last.yearMonth == first.yearMonth ? label(first) : label(first) + " – " + label(last)
    }

    /// The manifest: every file the close read (cost files, export manifests, billing documents,
    /// the files the allocation configuration names, earlier packs' chargebacks), the
    /// configuration, the templates used, and the outputs.
    ///
    /// Paths inside the month folder are relative to it; files elsewhere are recorded by their
    /// absolute path (so `reckon verify --month` finds them from any folder); earlier packs' files
    /// relative to the new pack, which they sit beside.
    static func evidence(
        _ options: CloseOptions,
        month: MonthFolder,
        run: ReconcileRun,
        chargebackOnly: [FileReadResult] = [],
        history: PackHistory = PackHistory(),
        templates: TemplateSet,
        pack: PackWriter,
        period: String
    ) throws -> PackManifest {
        let root = URL(fileURLWithPath: options.month).standardizedFileURL.path
        func relative(_ path: String) -> String {
            let full = URL(fileURLWithPath: path).standardizedFileURL.path
            return full.hasPrefix(root + "/") ? String(full.dropFirst(root.count + 1)) : full
        }
        var inputs: [PackManifest.Entry] = []
        // What the close reads, by the list `reckon verify --month` compares the manifest with.
        let reads = CloseInputs(month: month, allocation: options.config.allocation)
        let costFiles = run.files + chargebackOnly
        // The cost files were hashed in the pass that read them (``IngestOptions/digests``); the
        // pass read the plans of ``CloseInputs/costFiles``.
        for file in costFiles {
            guard let digest = file.digest else {
                throw IngestError(file: file.file.path, problem: "its SHA-256 was not computed")
            }
            inputs.append(
                .init(
                    path: relative(file.file.path),
                    digest: digest,
                    rows: file.counts.read,
                    role: "\(file.schema.kind.rawValue) \(file.metric.rawValue) cost",
                    metric: file.metric
                )
            )
        }
        // The export manifests chose which runs were read.
        for manifest in reads.exportManifests {
            inputs.append(
                .init(path: relative(manifest), digest: try FileDigest.of(file: manifest), role: "export manifest")
            )
        }
        for document in reads.billingDocuments {
            inputs.append(
                .init(path: relative(document), digest: try FileDigest.of(file: document), role: "billing document")
            )
        }
        // The allocation's own files; one file named twice (two pools' driver) is one entry.
        var byPath: [String: Int] = [:]
        for input in reads.configured {
            let path = relative(input.path)
            if let index = byPath[path] {
                inputs[index].role = (inputs[index].role ?? "") + "; " + input.role
                continue
            }
            byPath[path] = inputs.count
            inputs.append(.init(path: path, digest: try FileDigest.of(file: input.path), role: input.role))
        }
        // Earlier packs read for the month-over-month chart sit beside the new pack.
        for earlier in history.months {
            let packName = URL(fileURLWithPath: earlier.file).deletingLastPathComponent().lastPathComponent
            inputs.append(
                .init(
                    path: "../" + packName + "/chargeback.csv",
                    relativeTo: .pack,
                    digest: try FileDigest.of(file: earlier.file),
                    role: "earlier month's chargeback (\(earlier.period))"
                )
            )
        }
        inputs.sort { $0.path < $1.path }
        var config: PackManifest.Entry?
        if let path = options.configPath {
            config = .init(path: relative(path), digest: try FileDigest.of(file: path), role: "configuration")
        }
        // Defaults are named by their file in Reckon's templates/ folder; overrides by the file read.
        // The templates rendered in this run, as the set recorded them, with their partials and
        // parents: a page added later is listed without a list to keep by hand.
        let used = templates.used(from: templates.log.used)
            .compactMap { name -> PackManifest.Entry? in
                guard let source = templates.sources[name] else { return nil }
                return .init(
                    path: source.isOverride ? relative(source.file) : "templates/" + source.path,
                    sha256: PackManifest.sha256(text: source.text),
                    bytes: source.text.utf8.count,
                    rows: nil,
                    role: source.isOverride ? "override" : "default"
                )
            }
        var manifest = PackManifest(
            reckonVersion: ReckonVersion.current,
            period: period,
            inputs: inputs,
            config: config,
            templates: used,
            outputs: try PackManifest.outputs(in: pack.staging.path)
        )
        manifest.chargebackMonth = options.config.allocation?.billingMonth?.yearMonth
        return manifest
    }
}

/// Logs the wall time since the previous lap.
struct StageClock {
    let logger: Logger
    var last = ContinuousClock.now

    mutating func lap(_ what: String) {
        let now = ContinuousClock.now
        logger.info("\(what) in \(StageClock.seconds(now - last)) s")
        last = now
    }

    /// A duration as seconds with two decimals, for the log.
    static func seconds(_ duration: Duration) -> String {
        String(format: "%.2f", Double(duration.components.attoseconds) / 1e18 + Double(duration.components.seconds))
    }
}

extension JSONEncoder {
    /// Sorted keys and no escaped slashes: deterministic, readable JSON.
    static var reckon: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encode(value) as Data, as: UTF8.self)
    }
}
