import Logging

/// Reads every row of a cost file, export folder or month folder and reports what it found:
/// `reckon inspect`.
public enum Inspector {
    /// Inspects `path`: a cost file (CSV or gzip), a billing JSON document, or a folder holding
    /// exports, invoices, transactions and price sheets.
    ///
    /// - Parameters:
    ///   - metric: the metric for EA/MCA files when neither a manifest nor the file name tells.
    ///   - reject: receives every rejected row.
    ///   - progress: receives (file display name, bytes consumed in it, file size).
    /// - Throws: ``IngestError`` for inputs that cannot be read at all, ``BillingDocumentError`` for
    ///   a malformed billing document, and the first rejected row in strict mode.
    public static func inspect(
        path: String,
        metric: CostMetric? = nil,
        options: IngestOptions = IngestOptions(),
        reject: (RejectedRow) throws -> Void,
        progress: ((String, Int, Int) -> Void)? = nil
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
            jsonFiles = FileSystem.filesRecursively(in: path).filter { name in
                let base = name.split(separator: "/").last.map(String.init) ?? name
                return base.lowercased().hasSuffix(".json") && base != "manifest.json" && base != "_manifest.json"
            }
            do {
                plan = try InputDiscovery.costFiles(at: path, metric: metric)
            } catch {
                // A folder of documents only is fine; anything else is an error.
                let documentsOnly = !jsonFiles.isEmpty && error.problem.hasPrefix("the folder holds no cost files")
                if !documentsOnly { throw error }
            }
        } else if path.lowercased().hasSuffix(".json") {
            guard FileSystem.exists(path) else { throw IngestError(file: path, problem: "no such file") }
            jsonFiles = [path]
        } else {
            plan = try InputDiscovery.costFiles(at: path, metric: metric)
        }
        for note in plan.notes { options.logger.info("\(note)") }

        var reader = CostFileReader(options: options)
        var files: [FileInspection] = []
        var documents: [DocumentInspection] = []
        var counts = RowCounts()
        var totals: [String: CurrencyTotals] = [:]
        var notes = plan.notes
        var rowsRead: [Int: Int] = [:]
        for (index, file) in plan.files.enumerated() {
            var sink = InspectSink()
            let size = FileSystem.size(of: file.path) ?? 0
            let result: FileReadResult
            do {
                result = try reader.read(
                    file, fileIndex: index, into: &sink, reject: recordingReject,
                    progress: { bytes in progress?(file.displayName, bytes, size) })
            } catch {
                guard let ingest = error as? IngestError, ingest.notCostData, plan.scanned else { throw error }
                // Another CSV in the folder: a price sheet is read as one, anything else is noted.
                if let priceSheet = try? DocumentInspector.inspectPriceSheetCSV(path: file.path, displayName: file.displayName, reject: recordingReject) {
                    documents.append(priceSheet)
                    if let rows = priceSheet.counts { counts.add(rows) }
                } else if ingest.problem.contains("subscription_id, cost_center") {
                    notes.append("\(file.displayName) is a subscription → cost-center map (for allocation), not cost data")
                } else {
                    notes.append("skipped \(file.displayName): not cost data (its header has no cost column)")
                }
                continue
            }
            rowsRead[index] = result.counts.read
            let inspection = sink.summary(of: result, pool: reader.pool)
            files.append(inspection)
            counts.add(result.counts)
            for entry in inspection.totals {
                var total = totals[entry.currency] ?? CurrencyTotals(currency: entry.currency, rows: 0)
                total.rows += entry.rows
                total.billedCost = sum(total.billedCost, entry.billedCost)
                total.effectiveCost = sum(total.effectiveCost, entry.effectiveCost)
                total.costAllocationNet = sum(total.costAllocationNet, entry.costAllocationNet)
                totals[entry.currency] = total
            }
        }
        try plan.verifyRowCounts(rowsRead)
        if !jsonFiles.isEmpty {
            let found = try DocumentInspector.inspectJSON(folder: isFolder ? path : "", relativePaths: jsonFiles)
            documents += found.documents
            notes += found.notes
        }
        return InspectReport(
            input: path, files: files, documents: documents, notes: notes, counts: counts,
            totals: totals.values.sorted { $0.currency < $1.currency }, sampleRejects: sampler.rows)
    }

    static func sum(_ a: Amount?, _ b: Amount?) -> Amount? {
        switch (a, b) {
        case (nil, nil): return nil
        case (let x?, nil): return x
        case (nil, let y?): return y
        case (let x?, let y?): return x + y
        }
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
