import Foundation

/// Writes a deterministic, realistic month of Azure MCA billing data for a fictional company
/// (Contoso Holdings): ActualCost and AmortizedCost exports with manifests, an older superseded
/// export run, the invoice list, transactions per invoice, the price sheet, a CMDB subscription map
/// and a README.md that documents the planted differences and the expected totals.
///
/// The same options give byte-identical files on any machine (plain CSV and JSON; gzip output also
/// depends on the zlib version). Rows are streamed through a large buffer: memory depends on the
/// number of resources, meters and invoice lines, not on the number of rows.
public struct FixtureGenerator {
    /// What to generate.
    public struct Options: Sendable, Hashable {
        /// The seed of every random choice.
        public var seed: UInt64
        /// Data rows of the final ActualCost export (the amortized export has about as many).
        public var rows: Int
        /// The year of the billing month.
        public var year: Int
        /// The billing month, 1…12.
        public var month: Int
        /// The most data rows per part file (`part_0_0001.csv`, `part_0_0002.csv`, ...).
        public var rowsPerPartition: Int
        /// Write `.csv.gz` part files through zlib instead of plain `.csv`.
        public var gzip: Bool
        /// The zlib compression level (1 fastest … 9 smallest) when `gzip` is set.
        public var gzipLevel: Int
        /// Transactions per list-by-invoice page; larger invoices are split into pages.
        public var transactionsPerPage: Int

        /// Creates options; the defaults give the bundled fixture `fixtures/contoso-2026-10`.
        public init(
            seed: UInt64 = 20_261_031,
            rows: Int = 1_300,
            year: Int = 2026,
            month: Int = 10,
            rowsPerPartition: Int = 1_000_000,
            gzip: Bool = false,
            gzipLevel: Int = 6,
            transactionsPerPage: Int = 10
        ) {
            self.seed = seed
            self.rows = rows
            self.year = year
            self.month = month
            self.rowsPerPartition = rowsPerPartition
            self.gzip = gzip
            self.gzipLevel = gzipLevel
            self.transactionsPerPage = transactionsPerPage
        }

        /// Special rows per day: two reserved VMs, the shared workspace and its four allocation rows.
        static let specialRowsPerDay = 7
        /// Once-a-month actual rows: reservation purchase, SaaS purchase, refund, two rounding rows.
        static let monthlyRows = 5

        /// The smallest `rows` accepted for a month of `days` days.
        static func minimumRows(days: Int) -> Int { days * (specialRowsPerDay + 10) + monthlyRows }
    }

    /// Generates the month folder into `directory` (created if needed; existing files are replaced).
    ///
    /// - Parameters:
    ///   - options: the seed, size and layout.
    ///   - directory: the output folder.
    /// - Returns: what was written, with the totals also documented in README.md.
    /// - Throws: `FixtureGenerationError` for invalid options or a file that cannot be written.
    public static func generate(options: Options, to directory: URL) throws(FixtureGenerationError) -> GenerationSummary
    {
        guard (1...12).contains(options.month), (2000...2199).contains(options.year) else {
            throw FixtureGenerationError("invalid billing month \(options.year)-\(options.month)")
        }
        let calendar = FixtureCalendar(year: options.year, month: options.month)
        let minimum = Options.minimumRows(days: calendar.days)
        guard options.rows >= minimum else {
            throw FixtureGenerationError("rows must be at least \(minimum) for a \(calendar.days)-day month")
        }
        guard options.rowsPerPartition > 0, options.transactionsPerPage > 0, (1...9).contains(options.gzipLevel) else {
            throw FixtureGenerationError("rowsPerPartition and transactionsPerPage must be positive, gzipLevel 1…9")
        }
        let usageRows = options.rows - calendar.days * Options.specialRowsPerDay - Options.monthlyRows
        var scenario = FixtureScenario(
            seed: options.seed,
            year: options.year,
            month: options.month,
            pairsPerDay: usageRows / calendar.days
        )
        try FixtureOutput.makeDirectory(directory)
        let runs = FixtureRuns(seed: options.seed, calendar: calendar)
        let gzipLevel = options.gzip ? options.gzipLevel : nil
        let profiles = scenario.company.profiles.count
        func writer(_ run: FixtureExportRun) throws(FixtureGenerationError) -> FixtureExportWriter {
            try FixtureExportWriter(
                run: run,
                root: directory,
                rowsPerPartition: options.rowsPerPartition,
                gzipLevel: gzipLevel,
                profiles: profiles
            )
        }

        let actual = try writer(runs.actual)
        let amortized = try writer(runs.amortized)
        let final = try scenario.writeRows(
            pass: FixtureRowPass(stream: 10, invoiced: true, lastDay: calendar.days, usageRows: usageRows),
            seed: options.seed,
            actual: actual,
            amortized: amortized
        )
        try actual.finish(accountId: scenario.company.accountId)
        try amortized.finish(accountId: scenario.company.accountId)

        let superseded = try writer(runs.superseded)
        let supersededDays = runs.supersededLastDay
        _ = try scenario.writeRows(
            pass: FixtureRowPass(
                stream: 11,
                invoiced: false,
                lastDay: supersededDays,
                usageRows: max(supersededDays, usageRows / 8)
            ),
            seed: options.seed,
            actual: superseded,
            amortized: nil
        )
        try superseded.finish(accountId: scenario.company.accountId)

        let (invoices, invoicePlanted) = scenario.makeInvoices(rounding: final.rounding)
        var documents = FixtureDocuments(root: directory)
        try documents.write("invoices.json", scenario.invoiceListJSON(invoices).rendered())
        try FixtureOutput.makeDirectory(directory.appendingPathComponent("transactions"))
        var pageCounts: [Int] = []
        for invoice in invoices {
            let pages = scenario.transactionPages(invoice, pageSize: options.transactionsPerPage, seed: options.seed)
            pageCounts.append(pages.count)
            for (name, body) in pages { try documents.write("transactions/\(name)", body.rendered()) }
        }
        let priceSheet = scenario.priceSheet()
        try documents.write("pricesheet.csv", priceSheet.bytes, rows: priceSheet.rows)
        let map = scenario.subscriptionMap()
        try documents.write("subscription-map.csv", map.bytes, rows: scenario.company.subscriptions.count - 1)

        var summary = GenerationSummary(
            actual: actual,
            amortized: amortized,
            superseded: superseded,
            invoices: invoices,
            profiles: scenario.company.profiles
        )
        summary.plantedDifferences =
            invoicePlanted
            + FixtureReadme.otherPlanted(
                scenario: scenario,
                priceRows: final.planted,
                overcharge: priceSheet.overcharge,
                superseded: superseded,
                supersededDays: supersededDays
            )
        summary.files = documents.files
        let readme = FixtureReadme(
            options: options,
            scenario: scenario,
            runs: runs,
            actual: actual,
            amortized: amortized,
            superseded: superseded,
            invoices: invoices,
            pageCounts: pageCounts,
            priceRows: final.planted,
            overcharge: priceSheet.overcharge,
            priceSheetRows: priceSheet.rows,
            subscriptionMap: map,
            summary: summary
        )
        try documents.write("README.md", Array(readme.markdown().utf8))
        summary.files =
            documents.files
            + [actual, amortized, superseded]
            .flatMap { writer in
                writer.blobs.map {
                    GenerationSummary.File(path: $0.name, byteCount: $0.byteCount, dataRows: $0.dataRowCount)
                }
            }
        summary.files.sort { $0.path < $1.path }
        return summary
    }
}

/// The export runs of the month: ids, submission times and the superseded run's extent.
struct FixtureRuns {
    var actual: FixtureExportRun
    var amortized: FixtureExportRun
    var superseded: FixtureExportRun
    var supersededLastDay: Int

    init(seed: UInt64, calendar: FixtureCalendar) {
        var random = FixtureRandom(seed: seed, stream: 3)
        let folder = calendar.compactDate(1) + "-" + calendar.compactDate(calendar.days)
        let lastDay = calendar.days - 7
        supersededLastDay = lastDay
        func run(_ name: String, _ type: String, _ submitted: String, _ frame: String, _ end: String)
            -> FixtureExportRun
        {
            FixtureExportRun(
                exportName: name,
                type: type,
                runId: random.guid(),
                submittedTime: submitted,
                executionType: "Scheduled",
                timeFrame: frame,
                startDate: calendar.isoDate(1),
                endDate: end,
                monthFolder: folder
            )
        }
        superseded = run(
            "contoso-mca-actual",
            "ActualCost",
            calendar.isoDate(lastDay + 1) + "T05:17:41.2213658Z",
            "MonthToDate",
            calendar.isoDate(lastDay)
        )
        actual = run(
            "contoso-mca-actual",
            "ActualCost",
            calendar.nextMonthIsoDate(3) + "T06:12:09.5133333Z",
            "TheLastMonth",
            calendar.isoDate(calendar.days)
        )
        amortized = run(
            "contoso-mca-amortized",
            "AmortizedCost",
            calendar.nextMonthIsoDate(3) + "T06:14:52.0072210Z",
            "TheLastMonth",
            calendar.isoDate(calendar.days)
        )
    }
}

/// Writes the JSON and CSV documents beside the exports and remembers their sizes.
struct FixtureDocuments {
    var root: URL
    var files: [GenerationSummary.File] = []

    mutating func write(_ path: String, _ bytes: [UInt8], rows: Int? = nil) throws(FixtureGenerationError) {
        try FixtureOutput.write(bytes, to: root.appendingPathComponent(path))
        files.append(GenerationSummary.File(path: path, byteCount: bytes.count, dataRows: rows))
    }
}
