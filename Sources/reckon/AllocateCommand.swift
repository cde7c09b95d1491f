import ArgumentParser
import Foundation
import ReckonKit

/// `reckon allocate`: charge every cent of the month to a cost center.
struct AllocateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "allocate",
        abstract:
            "Allocate every cent of a month's cost over the cost-center tree, with shared-cost pools and a balanced journal.",
        discussion: """
            Reads a month folder (its costdetails/ exports), an export folder or a cost file, maps \
            every cost to a cost center by the allocation rules, splits the shared-cost pools in \
            order, and writes into --out (atomically): allocations.csv (every allocated line with \
            its rule, step and source), chargeback.csv (per cost center: direct, shared received \
            and given, total, budget used) and journal.csv (a balanced double-entry journal from a \
            template). Rejected rows, if any, go to rejects.csv there.

            The configuration is the allocation: section of --config (default: reckon.yaml in the \
            month folder). The smallest configuration is a subscription map alone:
              reckon allocate fixtures/contoso-2026-10 --subscription-map fixtures/contoso-2026-10/subscription-map.csv
            With both, the map replaces the configuration's subscription_map. See docs/allocation.md.

            Chargeback uses amortized cost (EffectiveCost) unless the configuration or --metric \
            says actual; when only the other metric is given, it is used and the statements say so.

            Journal templates: a name (generic, sap, netsuite) is templates/journal/<name>.csv.mustache, \
            compiled into Reckon; a file of the same path in --templates DIR takes its place. A path \
            ending in .mustache is used as is.

            Exit status: 0 when it ran; 2 for bad input, a configuration error (file:line:column) \
            or a failed conservation check.
            """
    )

    @Argument(help: "A month folder, an export folder or a cost file (.csv or .csv.gz).") var input: String

    @Option(name: .long, help: "reckon.yaml with an allocation: section (default: <month>/reckon.yaml if present).")
    var config: String?

    @Option(
        name: .customLong("subscription-map"),
        help:
            "A CSV with subscription_id,cost_center[,valid_from,valid_to] to allocate by; it replaces the map of reckon.yaml, if any."
    ) var subscriptionMap: String?

    @Option(
        name: .long,
        help:
            "The output folder (default: reports/allocate-<period>). Replaced as a whole, so it must be new, empty or an earlier Reckon output."
    ) var out: String?

    @Option(
        name: .long,
        help:
            "A folder of template overrides (journal/<name>.csv.mustache); missing templates fall back to the defaults."
    ) var templates: String?

    @Option(
        name: .long,
        help:
            "The journal template: a name or a .mustache file (default: the configuration's journal.template, else generic)."
    ) var journalTemplate: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Allocate only the billing month yyyy-MM; cost rows of other billing periods are filtered, counted and named.",
            valueName: "yyyy-MM"
        ),
        transform: BillingMonthOption.parse
    ) var period: BillingMonthOption?

    @OptionGroup var rejected: RejectOptions

    @OptionGroup var reading: ReadingOptions

    func run() throws {
        let progress = ProgressLine(enabled: !reading.quiet)
        let run: AllocationRun
        let destination: String
        let templateLabel: String
        var rejectedRows = 0
        let inputs = [input, config, subscriptionMap, templates, journalTemplate].compactMap { $0 }
        do {
            // A named output folder is checked before the month is read, not after.
            if let out, let problem = PackWriter.replaceable(out, inputs: inputs, writes: PackWriter.allocateNames) {
                throw IngestError(file: out, problem: problem)
            }
            var allocation = try loadConfiguration()
            if let metric = reading.metric { allocation.metric = metric.metric }
            if let period { allocation.billingMonth = period.firstDay }
            let set = try TemplateSet.load(overrides: templates)
            let template =
                try journalTemplate.map { try JournalTemplates.load($0, from: set) }
                ?? JournalTemplates.load(allocation.journal, from: set)
            templateLabel = template.label
            let isFolder =
                FileManager.default.fileExists(atPath: input)
                && (try? FileManager.default.contentsOfDirectory(atPath: input)) != nil
            let folder = try MonthFolder.discover(
                root: isFolder ? input : nil,
                overrides: MonthFolder.Overrides(costDetails: isFolder ? nil : input),
                metric: reading.metric?.metric
            )
            let rejectsPath =
                NSTemporaryDirectory() + "reckon-allocate-rejects-\(ProcessInfo.processInfo.processIdentifier).csv"
            let rejects = try RejectsCSVWriter(path: rejectsPath, alwaysCreate: false)
            defer { try? FileManager.default.removeItem(atPath: rejectsPath) }
            let total = folder.costPlan.bytes
            run = try AllocationRunner.run(
                plan: folder.costPlan,
                config: allocation,
                options: reading.ingestOptions,
                reject: { try rejects.write($0) },
                progress: { bytes in progress.update(file: "cost files", bytes: bytes, total: total) }
            )
            progress.finish()
            try rejects.close()
            rejectedRows = rejects.count

            destination = out ?? "reports/allocate-\(run.result.period.label)"
            let pack = try PackWriter(
                destination: destination,
                inputs: inputs + allocation.inputs.map(\.path),
                writes: PackWriter.allocateNames
            )
            do {
                try AllocationCSV.writeAllocations(run.result, to: try pack.path("allocations.csv"))
                try pack.write("chargeback.csv", AllocationCSV.chargeback(run.result))
                try pack.write("journal.csv", template.render(run.result.journal))
                if let data = FileManager.default.contents(atPath: rejectsPath) { try pack.write("rejects.csv", data) }
                try pack.publish()
            } catch {
                pack.discard()
                throw error
            }
        } catch {
            progress.finish()
            throw ReckonExit.failure(error)
        }
        var text = run.text()
        text += "\nwrote \(destination)/allocations.csv, chargeback.csv, journal.csv (template \(templateLabel))"
        if rejectedRows > 0 { text += ", rejects.csv" }
        Console().out(text)
        try rejected.check(rejected: rejectedRows, listedIn: "\(destination)/rejects.csv")
    }

    /// The allocation section of the configuration, with `--subscription-map` applied.
    func loadConfiguration() throws -> AllocationConfig {
        let isFolder = (try? FileManager.default.contentsOfDirectory(atPath: input)) != nil
        var settings = try ConfigLoader.load(explicit: config, month: isFolder ? input : nil)
        try settings.applySubscriptionMap(subscriptionMap)
        guard let allocation = settings.allocation else {
            let source = settings.file.map { "\($0) has no allocation: section" } ?? "no reckon.yaml was found"
            throw ValidationError(
                "\(source); give --config with an allocation: section, or --subscription-map map.csv (subscription_id,cost_center)"
            )
        }
        return allocation
    }
}
