import Logging

/// Reads every row of a cost file or export folder and reports what it found: `reckon inspect`.
public enum Inspector {
    /// Inspects `path`: a cost file (CSV or gzip) or a folder holding exports.
    ///
    /// - Parameters:
    ///   - metric: the metric for EA/MCA files when neither a manifest nor the file name tells.
    ///   - reject: receives every rejected row.
    ///   - progress: receives (file display name, bytes consumed in it, file size).
    /// - Throws: ``IngestError`` for inputs that cannot be read at all, and the first rejected row in
    ///   strict mode.
    public static func inspect(
        path: String,
        metric: CostMetric? = nil,
        options: IngestOptions = IngestOptions(),
        reject: (RejectedRow) throws -> Void,
        progress: ((String, Int, Int) -> Void)? = nil
    ) throws -> InspectReport {
        let plan = try InputDiscovery.costFiles(at: path, metric: metric)
        for note in plan.notes { options.logger.info("\(note)") }
        var reader = CostFileReader(options: options)
        var files: [FileInspection] = []
        var counts = RowCounts()
        var sample: [RejectedRowSummary] = []
        var totals: [String: CurrencyTotals] = [:]
        var notes = plan.notes
        var rowsRead: [Int: Int] = [:]
        for (index, file) in plan.files.enumerated() {
            var sink = InspectSink()
            let size = FileSystem.size(of: file.path) ?? 0
            let result: FileReadResult
            do {
                result = try reader.read(
                file, fileIndex: index, into: &sink,
                reject: { row in
                    if sample.count < 20 {
                        sample.append(RejectedRowSummary(file: row.file, line: row.line, column: row.column, reason: row.reason))
                    }
                    try reject(row)
                },
                progress: { bytes in progress?(file.displayName, bytes, size) })
            } catch let error as IngestError where error.notCostData && plan.scanned {
                notes.append("skipped \(file.displayName): not cost data (its header has no cost column)")
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
        return InspectReport(
            input: path, files: files, notes: notes, counts: counts,
            totals: totals.values.sorted { $0.currency < $1.currency }, sampleRejects: sample)
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
