/// Which files a run reads, and why: the plan is decided before any row is read.
public struct InputPlan: Sendable {
    /// The cost files to read, in order.
    public var files: [CostInputFile]
    /// What was skipped or chosen and why (superseded export runs, duplicate files).
    public var notes: [String]
    /// True when the files were found in a folder: a CSV there that is not cost data is skipped
    /// with a note rather than failing the run.
    public var scanned = false
}

/// Finds the cost files under a path given by the user.
public enum InputDiscovery {
    /// The cost-details files at `path`: the file itself, or the CSV and gzip files below a folder.
    ///
    /// - Parameter metric: the metric for EA/MCA files, when the user gave one.
    /// - Throws: ``IngestError`` when the path does not exist or a folder holds no cost files.
    public static func costFiles(at path: String, metric: CostMetric?) throws(IngestError) -> InputPlan {
        guard FileSystem.exists(path) else {
            throw IngestError(file: path, problem: "no such file or folder")
        }
        if !FileSystem.isDirectory(path) {
            return InputPlan(files: [costFile(path: path, displayName: path, metric: metric)], notes: [])
        }
        let candidates = FileSystem.filesRecursively(in: path).filter(isCostFileName)
        guard !candidates.isEmpty else {
            throw IngestError(file: path, problem: "the folder holds no cost files (expected *.csv or *.csv.gz, or an export with manifest.json)")
        }
        let files = candidates.map { costFile(path: path + "/" + $0, displayName: $0, metric: metric) }
        return InputPlan(files: files, notes: [], scanned: true)
    }

    static func isCostFileName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".csv") || lower.hasSuffix(".csv.gz")
    }

    static func costFile(path: String, displayName: String, metric: CostMetric?) -> CostInputFile {
        if let metric {
            return CostInputFile(path: path, displayName: displayName, metric: metric, metricSource: .option)
        }
        let lower = displayName.lowercased()
        if lower.contains("amortized") || lower.contains("amortised") {
            return CostInputFile(path: path, displayName: displayName, metric: .amortized, metricSource: .fileName)
        }
        if lower.contains("actual") {
            return CostInputFile(path: path, displayName: displayName, metric: .actual, metricSource: .fileName)
        }
        return CostInputFile(path: path, displayName: displayName)
    }
}
