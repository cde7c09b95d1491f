import Foundation

/// Settings of one export run, as its manifest reports them.
struct FixtureExportRun {
    var exportName: String
    /// `ActualCost` or `AmortizedCost`.
    var type: String
    var runId: String
    /// `2026-11-03T06:12:09.5133333Z`.
    var submittedTime: String
    var executionType: String
    var timeFrame: String
    /// Inclusive period of the data, `yyyy-MM-dd`.
    var startDate: String
    var endDate: String
    /// `yyyyMMdd-yyyyMMdd` of the month folder.
    var monthFolder: String
}

/// One blob (part file) of an export run.
struct FixtureExportBlob: Sendable, Hashable {
    /// The path relative to the output directory, which is also the manifest's `blobName`.
    var name: String
    var byteCount: Int
    var dataRowCount: Int
}

/// Writes an export run as Azure does: `costdetails/<export>/<yyyyMMdd-yyyyMMdd>/<runId>/` with
/// `part_0_0001.csv[.gz]` files of at most `rowsPerPartition` rows, each starting with a BOM and the
/// header, then `manifest.json`.
final class FixtureExportWriter {
    let run: FixtureExportRun
    let root: URL
    let folder: String
    private let rowsPerPartition: Int
    private let gzipLevel: Int?
    private var sink: FixtureFileSink?
    private var rowsInPart = 0
    private(set) var blobs: [FixtureExportBlob] = []
    var totals: FixtureRunTotals

    init(run: FixtureExportRun, root: URL, rowsPerPartition: Int, gzipLevel: Int?, profiles: Int)
        throws(FixtureGenerationError)
    {
        self.run = run
        self.root = root
        self.rowsPerPartition = max(1, rowsPerPartition)
        self.gzipLevel = gzipLevel
        folder = "costdetails/\(run.exportName)/\(run.monthFolder)/\(run.runId)"
        totals = FixtureRunTotals(profiles: profiles)
        try FixtureOutput.makeDirectory(root.appendingPathComponent(folder))
    }

    /// Where the next row goes: the blob name and its 1-based data row number.
    var nextRowPosition: (blob: String, row: Int) {
        if sink == nil { return (partName(blobs.count + 1), 1) }
        if rowsInPart == rowsPerPartition { return (partName(blobs.count + 2), 1) }
        return (partName(blobs.count + 1), rowsInPart + 1)
    }

    private func partName(_ number: Int) -> String {
        let digits = String(number)
        let padded = String(repeating: "0", count: max(0, 4 - digits.count)) + digits
        return "\(folder)/part_0_\(padded).csv" + (gzipLevel == nil ? "" : ".gz")
    }

    /// Appends one complete CSV row (ending in LF).
    func write(row: FixtureByteBuffer) throws(FixtureGenerationError) {
        if sink == nil || rowsInPart == rowsPerPartition {
            try closePart()
            let name = partName(blobs.count + 1)
            let newSink = try FixtureFileSink(url: root.appendingPathComponent(name), gzipLevel: gzipLevel)
            try newSink.write(FixtureCostColumn.headerBytes)
            sink = newSink
            rowsInPart = 0
        }
        try sink?.write(row.bytes)
        rowsInPart += 1
    }

    private func closePart() throws(FixtureGenerationError) {
        guard let open = sink else { return }
        try open.close()
        blobs.append(
            FixtureExportBlob(name: partName(blobs.count + 1), byteCount: open.byteCount, dataRowCount: rowsInPart)
        )
        sink = nil
    }

    /// Closes the last part (writing a header-only part when the run had no rows) and the manifest.
    func finish(accountId: String) throws(FixtureGenerationError) {
        if sink == nil && blobs.isEmpty {
            let newSink = try FixtureFileSink(url: root.appendingPathComponent(partName(1)), gzipLevel: gzipLevel)
            try newSink.write(FixtureCostColumn.headerBytes)
            sink = newSink
        }
        try closePart()
        let manifest = manifestJSON(accountId: accountId)
        try FixtureOutput.write(manifest.rendered(), to: root.appendingPathComponent("\(folder)/manifest.json"))
    }

    /// manifest.json as the improved exports write it (§5.2 of the format notes).
    private func manifestJSON(accountId: String) -> FixtureJSON {
        let scope = "/providers/Microsoft.Billing/billingAccounts/\(accountId)"
        return .object([
            ("manifestVersion", .string("2024-04-01")), ("byteCount", .int(blobs.reduce(0) { $0 + $1.byteCount })),
            ("blobCount", .int(blobs.count)), ("dataRowCount", .int(blobs.reduce(0) { $0 + $1.dataRowCount })),
            (
                "exportConfig",
                .object([
                    ("exportName", .string(run.exportName)),
                    ("resourceId", .string("\(scope)/providers/Microsoft.CostManagement/exports/\(run.exportName)")),
                    ("dataVersion", .string("2021-10-01")), ("apiVersion", .string("2023-07-01-preview")),
                    ("type", .string(run.type)), ("timeFrame", .string(run.timeFrame)),
                    ("granularity", .string("Daily")),
                ])
            ),
            (
                "deliveryConfig",
                .object([
                    ("partitionData", .bool(true)), ("dataOverwriteBehavior", .string("CreateNewReport")),
                    ("fileFormat", .string("Csv")), ("compressionMode", .string(gzipLevel == nil ? "None" : "Gzip")),
                    (
                        "containerUri",
                        .string(FixtureOutput.storageAccountId + "/blobServices/default/containers/exports")
                    ), ("rootFolderPath", .string("costdetails")),
                ])
            ),
            (
                "runInfo",
                .object([
                    ("executionType", .string(run.executionType)), ("submittedTime", .string(run.submittedTime)),
                    ("runId", .string(run.runId)), ("startDate", .string(run.startDate + "T00:00:00")),
                    ("endDate", .string(run.endDate + "T00:00:00")),
                ])
            ),
            (
                "blobs",
                .array(
                    blobs.map { blob in
                        .object([
                            ("blobName", .string(blob.name)), ("byteCount", .int(blob.byteCount)),
                            ("dataRowCount", .int(blob.dataRowCount)),
                        ])
                    }
                )
            ),
        ])
    }
}

/// File-system helpers of the generator.
enum FixtureOutput {
    static let storageAccountId =
        "/subscriptions/6f1c2a4e-2b7d-4c55-9a61-0c3e8d2f7b10/resourceGroups/rg-finops-exports/providers/"
        + "Microsoft.Storage/storageAccounts/contosofinopsexports"

    static func makeDirectory(_ url: URL) throws(FixtureGenerationError) {
        do { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) } catch {
            throw FixtureGenerationError("cannot create directory \(url.path): \(error)")
        }
    }

    static func write(_ bytes: [UInt8], to url: URL) throws(FixtureGenerationError) {
        do { try Data(bytes).write(to: url) } catch {
            throw FixtureGenerationError("cannot write \(url.path): \(error)")
        }
    }
}
