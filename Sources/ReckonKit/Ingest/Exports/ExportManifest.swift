import Foundation

/// The `manifest.json` (or legacy `_manifest.json`) of one Cost Management export run.
///
/// Fields as the FinOps toolkit reads them (azure-formats.md §5.2): counts at the top, the export's
/// configuration, the run, and the list of blobs. Every field is optional in the file; what is
/// missing is `nil` and is simply not checked.
public struct ExportManifest: Sendable {
    /// One data file of the run.
    public struct Blob: Sendable {
        /// The blob's name as the manifest writes it (a path in the storage container).
        public var blobName: String
        /// Its size in bytes.
        public var byteCount: Int?
        /// Its data rows.
        public var dataRowCount: Int?

        /// The file name: the last path segment of the blob name.
        public var fileName: String { String(blobName.split(separator: "/").last ?? Substring(blobName)) }
    }

    /// The manifest file, as shown in messages.
    public var file: String
    /// The folder holding the manifest (the run folder).
    public var folder: String
    /// True for the legacy `_manifest.json`.
    public var isLegacy: Bool
    /// `exportConfig.exportName`.
    public var exportName: String?
    /// `exportConfig.resourceId`: the export's scope and name.
    public var resourceId: String?
    /// `exportConfig.type`: `ActualCost`, `AmortizedCost`, `FocusCost`, `PriceSheet`, …
    public var type: String?
    /// `exportConfig.dataVersion`.
    public var dataVersion: String?
    /// `runInfo.runId`.
    public var runId: String?
    /// `runInfo.submittedTime`, as written.
    public var submittedTime: String?
    /// `runInfo.startDate`.
    public var startDate: Day?
    /// `runInfo.endDate`.
    public var endDate: Day?
    /// `blobCount`.
    public var blobCount: Int?
    /// `byteCount`.
    public var byteCount: Int?
    /// `dataRowCount`.
    public var dataRowCount: Int?
    /// `blobs`.
    public var blobs: [Blob]

    /// The cost metric the export type implies, or `nil` for types that are not cost details.
    public var metric: CostMetric? {
        switch type?.lowercased() {
        case "actualcost", "usage": return .actual
        case "amortizedcost": return .amortized
        case "focuscost": return .both
        default: return nil
        }
    }

    /// Whether the export holds cost details (and not a price sheet or reservation data).
    public var isCostDetails: Bool { type == nil || metric != nil }

    /// The scope the export covers (its resource id without the export's own name), and its type.
    public var scopeKey: String {
        var scope = resourceId?.lowercased() ?? folder
        if let range = scope.range(of: "/providers/microsoft.costmanagement/exports/") {
            scope = String(scope[..<range.lowerBound])
        }
        return scope + "|" + (type?.lowercased() ?? "")
    }

    /// The identity runs of the same export and month share: scope/name, type and start date.
    public var seriesKey: String {
        let name = resourceId?.lowercased() ?? exportName?.lowercased() ?? folder
        return "\(name)|\(type?.lowercased() ?? "")|\(startDate?.description ?? "")"
    }

    /// Reads and checks the shape of a manifest.
    ///
    /// - Throws: ``IngestError`` naming the file and the JSON path when it is not a manifest.
    public static func read(path: String, displayName: String) throws(IngestError) -> ExportManifest {
        let bytes = try FileSystem.read(path)
        let root: JSONValue
        do { root = try JSONValue.parse(bytes) } catch { throw IngestError(file: displayName, syntax: error) }
        guard root.objectValue != nil else {
            throw IngestError(
                file: displayName,
                problem: "a manifest must be a JSON object, found \(root.kindDescription)"
            )
        }
        func integer(_ value: JSONValue?, _ path: String) throws(IngestError) -> Int? {
            guard let value, !value.isNull else { return nil }
            guard let text = value.numberText ?? value.stringValue, let number = Int(text) else {
                throw IngestError(
                    file: displayName,
                    problem: "\(path) must be a whole number, found \(value.abbreviatedDescription())"
                )
            }
            return number
        }
        func day(_ value: JSONValue?) -> Day? { value?.stringValue.flatMap { Day.parse($0) } }
        let config = root.value(forKeyIgnoringCase: "exportConfig")
        let run = root.value(forKeyIgnoringCase: "runInfo")
        var blobs: [Blob] = []
        if let list = root.value(forKeyIgnoringCase: "blobs") {
            guard let array = list.arrayValue else {
                throw IngestError(file: displayName, problem: "blobs must be an array, found \(list.kindDescription)")
            }
            for (index, entry) in array.enumerated() {
                guard let name = entry.value(forKeyIgnoringCase: "blobName")?.stringValue else {
                    throw IngestError(
                        file: displayName,
                        problem: "blobs[\(index)].blobName is missing; expected the data file's path"
                    )
                }
                blobs.append(
                    Blob(
                        blobName: name,
                        byteCount: try integer(
                            entry.value(forKeyIgnoringCase: "byteCount"),
                            "blobs[\(index)].byteCount"
                        ),
                        dataRowCount: try integer(
                            entry.value(forKeyIgnoringCase: "dataRowCount"),
                            "blobs[\(index)].dataRowCount"
                        )
                    )
                )
            }
        }
        let folder = String(
            path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        )
        return ExportManifest(
            file: displayName,
            folder: folder.isEmpty ? "." : folder,
            isLegacy: path.hasSuffix("_manifest.json"),
            exportName: config?.value(forKeyIgnoringCase: "exportName")?.stringValue,
            resourceId: config?.value(forKeyIgnoringCase: "resourceId")?.stringValue,
            type: config?.value(forKeyIgnoringCase: "type")?.stringValue,
            dataVersion: config?.value(forKeyIgnoringCase: "dataVersion")?.stringValue,
            runId: run?.value(forKeyIgnoringCase: "runId")?.stringValue,
            submittedTime: run?.value(forKeyIgnoringCase: "submittedTime")?.stringValue,
            startDate: day(run?.value(forKeyIgnoringCase: "startDate")),
            endDate: day(run?.value(forKeyIgnoringCase: "endDate")),
            blobCount: try integer(root.value(forKeyIgnoringCase: "blobCount"), "blobCount"),
            byteCount: try integer(root.value(forKeyIgnoringCase: "byteCount"), "byteCount"),
            dataRowCount: try integer(root.value(forKeyIgnoringCase: "dataRowCount"), "dataRowCount"),
            blobs: blobs
        )
    }
}
