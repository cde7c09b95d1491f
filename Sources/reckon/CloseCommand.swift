import ArgumentParser
import Foundation
import ReckonKit

/// `reckon close`: a month's inputs to a verifiable close pack.
struct CloseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "close",
        abstract: "Run the whole close: ingest, reconcile, allocate and render a verifiable close pack.",
        discussion: """
            Reads the month folder (see docs/reconcile.md), reconciles every invoice, allocates the \
            month's cost by reckon.yaml's allocation: section or --subscription-map (with neither, all of \
            it to one unallocated cost center; docs/allocation.md), and writes the \
            close pack into --out atomically: index.html, reconciliation.html, audit.html, the CSV files \
            (variances, rejects, price findings; allocations, chargeback, journal), reconciliation.json and \
            manifest.json with the SHA-256 of every input and output. Check a pack later with `reckon verify`.

            Example:
              reckon close fixtures/contoso-2026-10 --out reports/2026-10
            """
    )

    @Argument(help: "The month folder.") var month: String

    @Option(
        name: .long,
        help:
            "The output folder (default: reports/close). Replaced as a whole when the close succeeds, so it must be new, empty or an earlier Reckon output."
    ) var out: String?

    @Option(name: .long, help: "reckon.yaml (default: <month>/reckon.yaml if present).") var config: String?

    @Option(
        name: .customLong("subscription-map"),
        help:
            "A CSV with subscription_id,cost_center[,valid_from,valid_to] to allocate by; it replaces the map of reckon.yaml, if any."
    ) var subscriptionMap: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "How numbers are written on the pages: plain 1,234.56 (default), de 1.234,56, fr 1 234,56, ch 1'234.56.",
            valueName: "plain|de|fr|ch"
        )
    ) var numberFormat: NumberFormatOption = .plain

    @Option(name: .long, help: "A folder of template overrides; missing templates fall back to the defaults.")
    var templates: String?

    @Option(name: .long, help: "The company name on the pages (default: the billing account name in the data).")
    var company: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Allocate only the billing month yyyy-MM; cost rows of other billing periods are filtered from the chargeback, counted and named (reconciliation still checks every invoice).",
            valueName: "yyyy-MM"
        ),
        transform: BillingMonthOption.parse
    ) var period: BillingMonthOption?

    @Flag(name: .long, help: "Start every CSV with a UTF-8 byte-order mark (for Excel on Windows).") var csvBom = false

    @Flag(name: .long, help: "Exit 1 when any line is outside tolerance or the price sheet flags a charge.")
    var failOnVariance = false

    @OptionGroup var rejected: RejectOptions

    @OptionGroup var reading: ReadingOptions

    func run() throws {
        let progress = ProgressLine(enabled: !reading.quiet)
        let output = out ?? "reports/close"
        let result: CloseResult
        do {
            let configPath =
                config
                ?? {
                    let candidate = (month as NSString).appendingPathComponent("reckon.yaml")
                    return FileManager.default.fileExists(atPath: candidate) ? candidate : nil
                }()
            var settings = try configPath.map { try ReckonConfig.load(path: $0) } ?? ReckonConfig()
            // The chargeback always runs: by the config's allocation section, else by a subscription
            // map, else everything in one unallocated cost center.
            try settings.applySubscriptionMap(subscriptionMap)
            if settings.allocation == nil {
                settings.allocation = AllocationConfig()
                // A map beside the cost data is not read unless named: say so, as everything will
                // be unallocated.
                let besideMonth = (month as NSString).appendingPathComponent("subscription-map.csv")
                if FileManager.default.fileExists(atPath: besideMonth) {
                    StandardError.write(
                        "note: \(configPath.map { "\($0) has no allocation: section" } ?? "there is no reckon.yaml"), so every cost goes to unallocated; \(besideMonth) is not read unless named: add --subscription-map \(besideMonth)\n"
                    )
                }
            }
            if let period { settings.allocation?.billingMonth = period.firstDay }
            var options = CloseOptions(
                month: month,
                output: output,
                config: settings,
                configPath: configPath,
                templates: templates,
                ingest: reading.ingestOptions
            )
            options.csvByteOrderMark = csvBom
            options.company = company
            options.format = numberFormat.format
            options.metric = reading.metric?.metric
            result = try ClosePipeline.run(
                options,
                progress: { bytes in progress.update(file: "cost files", bytes: bytes, total: 0) }
            )
            progress.finish()
        } catch {
            progress.finish()
            throw ReckonExit.failure(error)
        }
        if let note = metricNote(result) { StandardError.write(note + "\n") }
        let summary = ReconciliationSummary(result.reconcile)
        var printed = summary
        if let allocation = result.allocation {
            Console().out(allocation.text())
            // Notes about the inputs (export runs chosen) are the same for both; printed once.
            let seen = Set(allocation.notes)
            printed.notes.removeAll { seen.contains($0) }
        }
        Console()
            .out(
                printed.text()
                    + "wrote the close pack for \(result.manifest.period) to \(output)/index.html (\(result.manifest.outputs.count) files and manifest.json; reckon verify \(output) checks them)"
            )
        // The manifest cannot vouch for itself: its digest is for the auditor to keep apart.
        let digest = result.manifestSHA256
        Console()
            .out(
                "manifest.json SHA-256 \(digest): keep it apart from the pack; reckon verify \(output) --manifest-sha256 \(digest) then checks the manifest too"
            )
        try rejected.check(rejected: result.rejectedRows, listedIn: "\(output)/rejects.csv")
        if failOnVariance && summary.hasExceptions { throw ExitCode(1) }
    }

    /// What `--metric` did, when it names another cost than the chargeback's: in a close it only
    /// tells the metric of cost files that neither a manifest nor their name describes (as in
    /// `reckon reconcile`); unlike `reckon allocate --metric`, it does not choose the chargeback's
    /// cost, which `allocation.metric` does.
    func metricNote(_ result: CloseResult) -> String? {
        guard let given = reading.metric?.metric, let allocation = result.allocation, given != allocation.metric else {
            return nil
        }
        var described: [String] = []
        for file in result.reconcile.files + allocation.files
        where file.metricSource == .option && !described.contains(file.file.displayName) {
            described.append(file.file.displayName)
        }
        let files =
            described.isEmpty
            ? "no cost file here needed it"
            : "\(described.count) cost file(s) here took it: \(described.prefix(5).joined(separator: ", "))\(described.count > 5 ? ", …" : "")"
        return
            "note: --metric \(given.rawValue) only says what the single cost column of EA/MCA files holds when neither an export manifest nor the file name says (\(files)); "
            + "it does not choose the chargeback's cost, which stays \(allocation.metric.rawValue) (allocation.metric in reckon.yaml; set it to \(given.rawValue) to charge back \(given.rawValue) cost)"
    }
}

/// `reckon verify`: re-check a close pack's digests.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Re-check a close pack: every output's SHA-256, files added since, and (with --month) every input's.",
        discussion: "Exit status 0 when everything matches, 1 when anything changed, 2 for a folder that is not a pack."
    )

    @Argument(help: "The close pack folder.") var pack: String

    @Option(name: .long, help: "The month folder the pack was made from, to re-check the inputs too.") var month:
        String?

    @Option(
        name: .customLong("manifest-sha256"),
        help:
            "The SHA-256 of manifest.json that `reckon close` printed, kept apart from the pack: checks the manifest itself too."
    ) var manifestSHA256: String?

    func validate() throws {
        if let manifestSHA256, manifestSHA256.count != 64 || !manifestSHA256.allSatisfy(\.isHexDigit) {
            throw ValidationError(
                "--manifest-sha256: expected the 64 hex digits of a SHA-256, as reckon close printed them"
            )
        }
    }

    func run() throws {
        let report: VerifyReport
        do { report = try PackManifest.verify(pack: pack, month: month, manifestSHA256: manifestSHA256) } catch {
            throw ReckonExit.failure(error)
        }
        let differences =
            report.changed.map { "changed: " + $0 } + report.missing.map { "missing: " + $0 }
            + report.unlisted.map { "added: " + $0 }
        // One line each, whatever an edited manifest's paths hold.
        for line in differences { Console().out(ReportLine.oneLine(line)) }
        for line in report.summary(pack: pack) { Console().out(ReportLine.oneLine(line)) }
        Console()
            .out(
                "manifest.json SHA-256 \(report.manifestSHA256)"
                    + (manifestSHA256 == nil
                        ? " (compare it with the one recorded when the pack was made, or give it as --manifest-sha256)"
                        : "")
            )
        if !report.isIntact { throw ExitCode(1) }
    }
}

/// `--number-format` values.
enum NumberFormatOption: String, ExpressibleByArgument, CaseIterable {
    case plain
    case de
    case fr
    case ch

    var format: ReportFormat {
        var format = ReportFormat()
        switch self {
        case .plain: break
        case .de: (format.groupingSeparator, format.decimalSeparator) = (".", ",")
        case .fr: (format.groupingSeparator, format.decimalSeparator) = ("\u{202F}", ",")
        case .ch: (format.groupingSeparator, format.decimalSeparator) = ("'", ".")
        }
        return format
    }
}
