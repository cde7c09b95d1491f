import Logging

/// Reads every row of a cost file, export folder or month folder and reports what it found:
/// `reckon inspect`.
public enum Inspector {
    /// Inspects `path`: a cost file (CSV or gzip), a billing JSON document, or a folder holding
    /// exports, invoices, transactions and price sheets.
    ///
    /// - Parameters:
    ///   - path: a cost file, a billing document, an export folder or a month folder.
    ///   - metric: the metric for EA/MCA files when neither a manifest nor the file name tells.
    ///   - options: threads, strictness and logging.
    ///   - reject: receives every rejected row.
    ///   - progress: receives (file display name, bytes consumed in it, file size).
    /// - Returns: what each file holds, with counts, totals and notes.
    /// - Throws: ``IngestError`` for inputs that cannot be read at all, ``BillingDocumentError`` for
    ///   a malformed billing document, and the first rejected row in strict mode.
    public static func inspect(
        path: String,
        metric: CostMetric? = nil,
        options: IngestOptions = IngestOptions(),
        reject: (RejectedRow) throws -> Void,
        progress: (@Sendable (String, Int, Int) -> Void)? = nil
    ) throws -> InspectReport {
        let sampler = RejectSampler()
        let recordingReject: (RejectedRow) throws -> Void = { row in
            sampler.keep(row)
            try reject(row)
        }

        // What to read: cost files, and the JSON documents beside them.
        let isFolder = FileSystem.isDirectory(path)
        var jsonFiles: [String] = []
        var plan = InputPlan(files: [], notes: [], scanned: isFolder)
        if isFolder {
            jsonFiles = FileSystem.filesRecursively(in: path)
                .filter { name in
                    let base = name.split(separator: "/").last.map(String.init) ?? name
                    return base.lowercased().hasSuffix(".json") && base != "manifest.json" && base != "_manifest.json"
                }
            do { plan = try InputDiscovery.costFiles(at: path, metric: metric) } catch {
                // A folder of documents only is fine; anything else is an error.
                let documentsOnly = !jsonFiles.isEmpty && error.problem.hasPrefix("the folder holds no cost files")
                if !documentsOnly { throw error }
            }
            // Saved usage details are read as cost files, not summed again as documents.
            let costPaths = Set(plan.files.map(\.path))
            jsonFiles.removeAll { costPaths.contains(path + "/" + $0) }
        } else if path.lowercased().hasSuffix(".json") && !UsageDetailsJSON.isPage(path) {
            guard FileSystem.exists(path) else { throw IngestError(file: path, problem: "no such file") }
            jsonFiles = [path]
        } else {
            plan = try InputDiscovery.costFiles(at: path, metric: metric)
        }
        plan.notes += plan.unfinishedPages
        for note in plan.notes { options.logger.info("\(note)") }

        var pool = StringPool()
        var documents: [DocumentInspection] = []
        var notes = plan.notes
        // Progress over all cost files at once: parallel reads interleave files.
        let total = plan.files.reduce(0) { $0 + (FileSystem.size(of: $1.path) ?? 0) }
        let label = plan.files.count == 1 ? plan.files[0].displayName : "\(plan.files.count) cost files"
        let progressMeter = progress.map { report in { @Sendable (bytes: Int) in report(label, bytes, total) } }
        let parallel = ParallelIngest(options: options)
        let (reads, notCostData): ([FileRead<InspectSink>?], [Int: IngestError]) = try parallel.read(
            plan: plan,
            pool: &pool,
            makeSink: { InspectSink() },
            skipNotCostData: true,
            reject: recordingReject,
            progress: progressMeter
        )

        var files: [FileInspection] = []
        var counts = RowCounts()
        var totals: [CurrencyTotals] = []
        var rowsRead: [Int: Int] = [:]
        var results: [FileReadResult] = []
        for (index, file) in plan.files.enumerated() {
            if let error = notCostData[index] {
                // Another CSV in the folder, or given alone: a price sheet is read as one. Anything
                // else in a folder is noted; given alone, it is the error it was.
                if let priceSheet = try? DocumentInspector.inspectPriceSheetCSV(
                    path: file.path,
                    displayName: file.displayName,
                    reject: recordingReject
                ) {
                    documents.append(priceSheet)
                    if let rows = priceSheet.counts { counts.add(rows) }
                } else if !plan.scanned {
                    throw error
                } else if let notText = error.notText {
                    notes.append("skipped \(file.displayName): \(notText)")
                } else if error.problem.contains("subscription_id, cost_center") {
                    notes.append(
                        "\(file.displayName) is a subscription → cost-center map (for allocation), not cost data"
                    )
                } else {
                    notes.append("skipped \(file.displayName): not cost data (its header has no cost column)")
                }
                continue
            }
            guard let read = reads[index] else { continue }
            results.append(read.result)
            rowsRead[index] = read.result.counts.read
            let inspection = read.sink.summary(of: read.result, pool: pool)
            files.append(inspection)
            counts.add(read.result.counts)
            totals += inspection.totals
        }
        try plan.verifyRowCounts(rowsRead)
        // The same notes as a close's (values that are not UTF-8: among the columns inspect reads).
        notes += results.readingNotes(pool: pool)
        if let note = CurrencyCode.unknownCodesNote(totals.map { CurrencyCode($0.currency) }) { notes.append(note) }
        if !jsonFiles.isEmpty {
            let found = try DocumentInspector.inspectJSON(folder: isFolder ? path : "", relativePaths: jsonFiles)
            documents += found.documents
            notes += found.notes
        }
        return InspectReport(
            input: path,
            files: files,
            documents: documents,
            notes: notes,
            counts: counts,
            totals: CurrencyTotals.merged(totals),
            sampleRejects: sampler.rows
        )
    }
}

extension CurrencyTotals {
    init(currency: String, rows: Int) {
        self.init(currency: currency, rows: rows, billedCost: nil, effectiveCost: nil, costAllocationNet: nil)
    }
}

/// Keeps the first rejected rows for the report (all of them go to the rejects file).
final class RejectSampler {
    private(set) var rows: [RejectedRowSummary] = []

    func keep(_ row: RejectedRow) {
        if rows.count < 20 {
            rows.append(RejectedRowSummary(file: row.file, line: row.line, column: row.column, reason: row.reason))
        }
    }
}
