import Foundation

/// Which files a run reads, and why: the plan is decided before any row is read.
public struct InputPlan: Sendable {
    /// The cost files to read, in order.
    public var files: [CostInputFile]
    /// What was skipped or chosen and why (superseded export runs, duplicate files).
    public var notes: [String]
    /// True when the files were found in a folder: a CSV there that is not cost data is skipped
    /// with a note rather than failing the run.
    public var scanned = false
    /// Row totals the export manifests promise, checked after reading.
    public var runChecks: [RunCheck] = []
    /// Every export manifest read to choose the runs (the skipped ones too), as paths under the
    /// folder given: they decide which files are read, so the close records their digests.
    public var manifests: [String] = []
    /// Saved usage-details lists whose last page has a `nextLink` (the list goes on), one message
    /// each: an error for a close, a note for `inspect`.
    public var unfinishedPages: [String] = []

    /// The files' total size in bytes (links followed), for progress.
    public var bytes: Int { files.reduce(0) { $0 + (FileSystem.size(of: $1.path) ?? 0) } }
}

/// A manifest's promise about a whole run, checked once its files are read.
public struct RunCheck: Sendable {
    /// The manifest, as shown in messages.
    public var manifest: String
    /// The indices of the run's files in ``InputPlan/files``.
    public var fileIndices: [Int]
    /// `dataRowCount` of the manifest.
    public var expectedRows: Int?
}

/// Finds the cost files under a path given by the user.
///
/// A folder is searched for export manifests (`manifest.json`, legacy `_manifest.json`) at any
/// depth. Runs of the same export and month are grouped; the latest **complete** run is read
/// (every blob present with the size the manifest gives) and the others are noted as superseded
/// or incomplete. Cost files outside any run are read too. A folder with no manifest is read file
/// by file.
public enum InputDiscovery {
    /// The cost-details files at `path`.
    ///
    /// - Parameters:
    ///   - path: a cost file, an export folder or a month folder.
    ///   - metric: the metric for EA/MCA files, when the user gave one (a manifest wins).
    /// - Returns: the files to read, in order, with notes on the runs and files left out.
    /// - Throws: ``IngestError`` when the path does not exist, a folder holds no cost files, a
    ///   manifest is malformed, or no run of an export is complete.
    public static func costFiles(at path: String, metric: CostMetric?) throws(IngestError) -> InputPlan {
        guard FileSystem.exists(path) else { throw IngestError(file: path, problem: "no such file or folder") }
        if !FileSystem.isDirectory(path) {
            var plan = InputPlan(files: [costFile(path: path, displayName: path, metric: metric)], notes: [])
            // One page of a saved list, named alone, is part of the month: the folder of its pages
            // is what to give.
            let name = URL(fileURLWithPath: path).lastPathComponent
            if path.lowercased().hasSuffix(".json"), let bytes = try? FileSystem.read(path) {
                let isLaterPage = BillingPageSeries.parse(name).map { $0.page > 1 } ?? false
                if isLaterPage || UsageDetailsJSON.nextLink(bytes) != nil {
                    plan.unfinishedPages = [
                        "\(path) is one page of a saved list of usage details (\(isLaterPage ? "not its first" : "its nextLink goes on")); give the folder that holds all its pages instead"
                    ]
                }
            }
            return plan
        }
        let all = FileSystem.filesRecursively(in: path)
        let manifestNames = all.filter { name in
            let base = name.split(separator: "/").last.map(String.init) ?? name
            return base == "manifest.json" || base == "_manifest.json"
        }
        var plan = InputPlan(files: [], notes: [], scanned: true)
        plan.manifests = manifestNames.map { path + "/" + $0 }
        var covered: Set<String> = []
        if !manifestNames.isEmpty {
            try planRuns(folder: path, manifestNames: manifestNames, metric: metric, plan: &plan, covered: &covered)
        }
        var loose = all.filter {
            !covered.contains($0) && (isCostFileName($0) || UsageDetailsJSON.isPage(path + "/" + $0))
        }
        // An empty file in a folder holds nothing to read, and a pipe or a device named like a
        // cost file is not a file: each is skipped, like other files that are not cost data, and
        // named (given alone, either is an error).
        let skipped: [(name: String, why: String)] = loose.compactMap { name in
            switch FileKind.at(path + "/" + name) {
            case .regular(bytes: 0): return (name, "the file is empty (0 bytes)")
            case .regular: return nil
            case let kind: return (name, kind.found ?? "not a file")
            }
        }
        if !skipped.isEmpty {
            plan.notes += skipped.map { "skipped \($0.name): \($0.why)" }
            let names = Set(skipped.map(\.name))
            loose.removeAll { names.contains($0) }
        }
        if !manifestNames.isEmpty && !loose.isEmpty {
            // Said before any header is read: the notes after it name the files that are not cost data.
            plan.notes.append(
                "also looked at \(loose.count) file(s) outside any export run, to read as cost data if their header is: \(loose.shortList())"
            )
        }
        plan.files += loose.map { costFile(path: path + "/" + $0, displayName: $0, metric: metric) }
        plan.unfinishedPages = unfinishedUsagePages(loose.filter { $0.lowercased().hasSuffix(".json") }, in: path)
        removeIdenticalFiles(&plan)
        guard !plan.files.isEmpty else {
            throw IngestError(
                file: path,
                problem:
                    "the folder holds no cost files (expected *.csv or *.csv.gz, an export with manifest.json, or saved usage details JSON)"
            )
        }
        return plan
    }

    /// How `older` falls short of the days `later` covers (`runInfo` start and end dates), or
    /// `nil` when it covers them all, or either run does not say.
    static func daysMissing(from older: ExportManifest, comparedWith later: ExportManifest) -> String? {
        guard let start = older.startDate, let end = older.endDate, let laterStart = later.startDate,
            let laterEnd = later.endDate
        else { return nil }
        guard start > laterStart || end < laterEnd else { return nil }
        return "covers only \(start)..\(end), the later run \(laterStart)..\(laterEnd)"
    }

    /// Reads the manifests, picks one run per export and month, and adds its files to the plan.
    static func planRuns(
        folder: String,
        manifestNames: [String],
        metric: CostMetric?,
        plan: inout InputPlan,
        covered: inout Set<String>
    ) throws(IngestError) {
        struct Run {
            var manifest: ExportManifest
            var relativeFolder: String
            var files: [(relative: String, blob: ExportManifest.Blob)]
            var problems: [String]
            /// Cost files in the run folder that the manifest does not list: never read.
            var unlisted: [String] = []
        }
        var series: [String: [Run]] = [:]
        let all = FileSystem.filesRecursively(in: folder)
        var runIDs: [String: String] = [:]
        for name in manifestNames {
            let manifest = try ExportManifest.read(path: folder + "/" + name, displayName: name)
            if let runId = manifest.runId?.lowercased(), let first = runIDs[runId] {
                // The same run saved twice (a copied folder): read it once.
                let prefix = String(name.split(separator: "/").dropLast().joined(separator: "/"))
                for file in all where file.hasPrefix(prefix.isEmpty ? "" : prefix + "/") { covered.insert(file) }
                plan.notes.append(
                    "skipped \(name): the same export run (runId \(manifest.runId ?? "")) as \(first); never counted twice"
                )
                continue
            }
            if let runId = manifest.runId?.lowercased() { runIDs[runId] = name }
            let relativeFolder = String(name.split(separator: "/").dropLast().joined(separator: "/"))
            let prefix = relativeFolder.isEmpty ? "" : relativeFolder + "/"
            // Everything in the run folder belongs to the run, read or not.
            for file in all where file.hasPrefix(prefix) { covered.insert(file) }
            guard manifest.isCostDetails else {
                plan.notes.append("skipped \(name): a \(manifest.type ?? "non-cost") export, not cost details")
                continue
            }
            var run = Run(manifest: manifest, relativeFolder: relativeFolder, files: [], problems: [])
            if let count = manifest.blobCount, count != manifest.blobs.count {
                run.problems.append("it says blobCount \(count) but lists \(manifest.blobs.count) blobs")
            }
            let listed = Set(manifest.blobs.map { prefix + $0.fileName })
            // A file in the folder of another run below this one (a manifest at the top of the
            // folder given, the exports' runs beneath it) is that run's, not an unlisted one here.
            let deeperRuns =
                manifestNames.map { String($0.split(separator: "/").dropLast().joined(separator: "/")) + "/" }
                .filter { $0.hasPrefix(prefix) && $0.count > prefix.count }
            run.unlisted =
                all.filter { file in
                    file.hasPrefix(prefix) && !listed.contains(file) && isCostFileName(file)
                        && !deeperRuns.contains { file.hasPrefix($0) }
                }
                .map { String($0.dropFirst(prefix.count)) }
            for blob in manifest.blobs {
                let relative = prefix + blob.fileName
                guard let size = FileSystem.size(of: folder + "/" + relative) else {
                    run.problems.append("\(relative) is missing")
                    continue
                }
                if let expected = blob.byteCount, expected != size {
                    run.problems.append("\(relative) has \(size) bytes, the manifest says \(expected)")
                    continue
                }
                run.files.append((relative, blob))
            }
            if let expected = manifest.byteCount, run.problems.isEmpty {
                let total = run.files.reduce(0) { $0 + (FileSystem.size(of: folder + "/" + $1.relative) ?? 0) }
                if total != expected {
                    run.problems.append("its files hold \(total) bytes, the manifest says \(expected)")
                }
            }
            series[manifest.seriesKey, default: []].append(run)
        }
        var chosenRuns: [Run] = []
        for key in series.keys.sorted() {
            // Latest first; runs without a submitted time sort last, then by folder for a stable order.
            let runs = (series[key] ?? [])
                .sorted { a, b in
                    let ta = a.manifest.submittedTime ?? ""
                    let tb = b.manifest.submittedTime ?? ""
                    return ta != tb ? ta > tb : a.relativeFolder < b.relativeFolder
                }
            guard let chosen = runs.first(where: { $0.problems.isEmpty }) else {
                let latest = runs[0]
                throw IngestError(
                    file: latest.manifest.file,
                    problem: "no complete run of this export: " + latest.problems.joined(separator: "; ")
                        + (runs.count > 1 ? " (and \(runs.count - 1) older run(s) are incomplete too)" : "")
                )
            }
            let label = chosen.manifest.exportName ?? chosen.relativeFolder
            // An incomplete later run is most often an interrupted download. An older complete run
            // stands in for it only when it covers the same days; a month-to-date run from before
            // would close the month on part of its days.
            // Every newer run that is incomplete is compared, not only the newest.
            for latest in runs.prefix(while: { $0.relativeFolder != chosen.relativeFolder }) {
                guard let missing = daysMissing(from: chosen.manifest, comparedWith: latest.manifest) else { continue }
                throw IngestError(
                    file: latest.manifest.file,
                    problem:
                        "\(latest.relativeFolder == runs[0].relativeFolder ? "the latest" : "a later") run of \(label) (submitted \(latest.manifest.submittedTime ?? "at an unknown time")) is incomplete: "
                        + latest.problems.joined(separator: "; ")
                        + ". The latest complete run, \(chosen.relativeFolder), \(missing), so reading it would leave days out. "
                        + "Download the latest run again, or remove its folder to read the older run on purpose"
                )
            }
            for run in runs where run.relativeFolder != chosen.relativeFolder {
                let when = run.manifest.submittedTime ?? "no submitted time"
                if run.problems.isEmpty {
                    plan.notes.append(
                        "skipped run \(run.relativeFolder) of \(label) (submitted \(when)): superseded by the later complete run \(chosen.relativeFolder)"
                    )
                } else {
                    plan.notes.append(
                        "skipped run \(run.relativeFolder) of \(label) (submitted \(when)): incomplete, "
                            + run.problems.joined(separator: "; ")
                    )
                }
            }
            if runs.count > 1 {
                plan.notes.append(
                    "read run \(chosen.relativeFolder) of \(label), submitted \(chosen.manifest.submittedTime ?? "at an unknown time"): the latest complete run"
                )
            }
            chosenRuns.append(chosen)
        }
        // Runs of the same scope and type whose dates overlap (a daily month-to-date export beside a
        // monthly one, say) would count the same days twice: the latest submitted one is read.
        var accepted: [Run] = []
        let byLatest = chosenRuns.sorted {
            ($0.manifest.submittedTime ?? "", $0.relativeFolder) > ($1.manifest.submittedTime ?? "", $1.relativeFolder)
        }
        for run in byLatest {
            if let start = run.manifest.startDate,
                let clash = accepted.first(where: { other in
                    guard other.manifest.scopeKey == run.manifest.scopeKey, let otherStart = other.manifest.startDate
                    else { return false }
                    return otherStart <= (run.manifest.endDate ?? start)
                        && start <= (other.manifest.endDate ?? otherStart)
                })
            {
                plan.notes.append(
                    "skipped run \(run.relativeFolder): its days overlap the later run \(clash.relativeFolder) of the same scope and type; the same days are never counted twice"
                )
                continue
            }
            accepted.append(run)
        }
        for chosen in chosenRuns where accepted.contains(where: { $0.relativeFolder == chosen.relativeFolder }) {
            if !chosen.unlisted.isEmpty {
                plan.notes.append(
                    "ignored \(chosen.unlisted.shortList()) in the folder of export run \(chosen.relativeFolder.isEmpty ? "." : chosen.relativeFolder): its manifest does not list \(chosen.unlisted.count == 1 ? "it" : "them"), so \(chosen.unlisted.count == 1 ? "it is" : "they are") not part of the run (copied in by hand?)"
                )
            }
            var indices: [Int] = []
            for (relative, blob) in chosen.files {
                indices.append(plan.files.count)
                var file = costFile(path: folder + "/" + relative, displayName: relative, metric: metric)
                if let manifestMetric = chosen.manifest.metric {
                    file.metric = manifestMetric == .both ? nil : manifestMetric
                    file.metricSource = .manifest
                }
                file.expectedRows = blob.dataRowCount
                plan.files.append(file)
            }
            plan.runChecks.append(
                RunCheck(
                    manifest: chosen.manifest.file,
                    fileIndices: indices,
                    expectedRows: chosen.manifest.dataRowCount
                )
            )
        }
    }

    /// Drops files whose bytes equal an earlier file's (the same partition saved twice), with a note.
    /// Only files of equal size are compared, and not an actual-cost file with an amortized one:
    /// the two exports of a month are read by different stages, so they cannot be counted twice,
    /// and their partitions often have the same size and the same first gigabyte (measured at 10M
    /// rows: 6 s of every command went to comparing them).
    static func removeIdenticalFiles(_ plan: inout InputPlan) {
        var bySize: [Int: [Int]] = [:]
        for (index, file) in plan.files.enumerated() {
            bySize[FileSystem.size(of: file.path) ?? -1, default: []].append(index)
        }
        var drop: Set<Int> = []
        for (_, indices) in bySize where indices.count > 1 {
            for (position, index) in indices.enumerated() where !drop.contains(index) {
                for other in indices[(position + 1)...] where !drop.contains(other) {
                    let first = plan.files[index].metric
                    let second = plan.files[other].metric
                    if let first, let second, first != second { continue }
                    guard FileSystem.sameContent(plan.files[index].path, plan.files[other].path) else { continue }
                    if first == nil && second != nil {
                        // Keep the copy whose metric is known: the unlabelled one may equal a
                        // file of each metric, and neither of those must go.
                        drop.insert(index)
                        plan.notes.append(
                            "skipped \(plan.files[index].displayName): identical to \(plan.files[other].displayName); never counted twice"
                        )
                        break
                    }
                    drop.insert(other)
                    plan.notes.append(
                        "skipped \(plan.files[other].displayName): identical to \(plan.files[index].displayName); never counted twice"
                    )
                }
            }
        }
        guard !drop.isEmpty else { return }
        var mapping: [Int: Int] = [:]
        var kept: [CostInputFile] = []
        for (index, file) in plan.files.enumerated() where !drop.contains(index) {
            mapping[index] = kept.count
            kept.append(file)
        }
        plan.files = kept
        plan.runChecks = plan.runChecks.compactMap { check in
            let indices = check.fileIndices.compactMap { mapping[$0] }
            return indices.isEmpty
                ? nil
                : RunCheck(
                    manifest: check.manifest,
                    fileIndices: indices,
                    expectedRows: indices.count == check.fileIndices.count ? check.expectedRows : nil
                )
        }
    }

    /// The saved usage-details lists (`usage.json`, `usage.page2.json`, …) whose last page still
    /// has a `nextLink`: the list goes on, and its later items are not in the folder.
    static func unfinishedUsagePages(_ names: [String], in folder: String) -> [String] {
        guard !names.isEmpty, let series = try? BillingPageSeries.group(names) else { return [] }
        return series.compactMap { list in
            guard let last = list.paths.last, let bytes = try? FileSystem.read(folder + "/" + last),
                let link = UsageDetailsJSON.nextLink(bytes)
            else { return nil }
            return
                "\(last): the saved usage details go on (its nextLink is \(link.count > 80 ? String(link.prefix(80)) + "…" : link)); "
                + "save the next page as \(list.name).page\(list.paths.count + 1).json, or the month's cost is incomplete"
        }
    }

    static func isCostFileName(_ name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".csv") || lower.hasSuffix(".csv.gz")
    }

    static func costFile(path: String, displayName: String, metric: CostMetric?) -> CostInputFile {
        if let metric {
            return CostInputFile(path: path, displayName: displayName, metric: metric, metricSource: .option)
        }
        if let named = nameMetric(of: path) {
            return CostInputFile(path: path, displayName: displayName, metric: named, metricSource: .fileName)
        }
        return CostInputFile(path: path, displayName: displayName)
    }

    /// The metric a cost file's name says, or `nil` when it says neither or both.
    ///
    /// Only the file's own name counts, as whole words: `EA_ActualCost_Small.csv`,
    /// `costs-amortized.csv`, `contosoActualCost.csv`, never `contractual.csv` or a folder called
    /// `amortized-vs-actual-review`. A partition of an export run (`part_0_0001.csv`) is named
    /// after its export instead: the nearest folder above it that is not the run's GUID, its date
    /// range or its export time (`contoso-mca-actual/20261001-20261031/<guid>/part_0_0001.csv`,
    /// and the older `<dates>/<export>/<time>/<guid>/<file>`).
    static func nameMetric(of path: String) -> CostMetric? {
        let components = path.split(separator: "/").map(String.init)
        guard var name = components.last else { return nil }
        if isPartitionName(name), let export = components.dropLast().last(where: { !isRunFolderName($0) }) {
            name = export
        }
        // "Amortized" is in no other word a file name would hold, so it counts anywhere in a word
        // (`monthlyamortized`); "actual" is in several (`contractual`, `factual`), so a word must
        // start with it (`actual`, `ActualCost`, `actualcostexport`) or hold `actualcost`.
        var found: Set<CostMetric> = []
        for word in words(of: name) {
            if word.contains("amortized") || word.contains("amortised") { found.insert(.amortized) }
            if word.hasPrefix("actual") || word.contains("actualcost") { found.insert(.actual) }
        }
        return found.count == 1 ? found.first : nil
    }

    /// The lower-cased words of a name: split at every character that is not a letter, between
    /// letters and digits, where a lower-case letter is followed by an upper-case one, and before
    /// the last capital of a run of capitals followed by a lower-case letter
    /// (`EA_ActualCost_Small` → `ea`, `actual`, `cost`, `small`; `EAAmortizedCost` → `ea`,
    /// `amortized`, `cost`).
    static func words(of name: String) -> [String] {
        let characters = Array(name)
        var words: [String] = []
        var current = ""
        for (index, character) in characters.enumerated() {
            var boundary = false
            if index > 0, !current.isEmpty {
                let previous = characters[index - 1]
                let next = index + 1 < characters.count ? characters[index + 1] : nil
                boundary =
                    (previous.isLowercase && character.isUppercase) || (previous.isLetter != character.isLetter)
                    || (previous.isUppercase && character.isUppercase && (next?.isLowercase ?? false))
            }
            if boundary || !(character.isLetter || character.isNumber) {
                if !current.isEmpty { words.append(current.lowercased()) }
                current = ""
            }
            if character.isLetter || character.isNumber { current.append(character) }
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        return words
    }

    /// Whether `name` is an export partition's file name: `part_0_0001.csv`, `part_1_0001.csv.gz`.
    static func isPartitionName(_ name: String) -> Bool {
        // (A name of dots only, `...`, has no part before a dot.)
        let parts = (name.lowercased().split(separator: ".", maxSplits: 1).first ?? "").split(separator: "_")
        return parts.count == 3 && parts[0] == "part"
            && parts.dropFirst().allSatisfy { !$0.isEmpty && $0.allSatisfy(\.isNumber) }
    }

    /// Whether a folder name is part of an export run's layout rather than the export's name: a
    /// GUID (the run id), a date range (`20261001-20261031`) or a time (`202611030612`), anything
    /// made only of digits, hex digits and dashes with a digit in it.
    static func isRunFolderName(_ name: String) -> Bool {
        name.contains(where: \.isNumber)
            && name.allSatisfy { $0.isHexDigit || $0 == "-" || $0 == "_" || $0 == "T" || $0 == "Z" }
    }
}

extension InputPlan {
    /// Throws when no file of the plan was read as cost data, so no run reports a month without
    /// cost as reconciled or allocated: the error says that no cost file was found and names the
    /// CSVs that are not cost data (a file given by name says why, with its header). A cost export
    /// whose cost column is missing never gets here: its header is an error of its own.
    ///
    /// - Parameters:
    ///   - rowsRead: rows read per file, by index in ``files`` (a file with a header and no rows counts).
    ///   - notCostData: the files left out because their header is not cost data, by index.
    ///   - folder: the month folder, for the message when no cost file was found at all.
    ///   - documentsOnly: no cost file at all is allowed (invoices checked on their own).
    /// - Throws: ``IngestError`` when no file held cost data and some was needed.
    public func requireCostData(
        rowsRead: [Int: Int],
        notCostData: [Int: IngestError],
        folder: String?,
        documentsOnly: Bool = false
    ) throws(IngestError) {
        guard rowsRead.isEmpty, !documentsOnly else { return }
        // A lone file given by name that is not cost data says why in its own words.
        if !scanned, let index = notCostData.keys.min(), var error = notCostData[index] {
            error.file = files[index].displayName
            error.problem += "; no cost file was read"
            throw error
        }
        let others = notCostData.keys.sorted().prefix(3).map { files[$0].displayName }
        throw IngestError(
            file: folder ?? "-",
            problem:
                "no cost files were found (cost details exports go under costdetails/ in the month folder, as *.csv or *.csv.gz, or saved usage details as .json)"
                + (others.isEmpty
                    ? ""
                    : "; \(others.joined(separator: ", "))\(notCostData.count > 3 ? " and others" : "") are not cost data")
        )
    }

    /// Checks the rows read against what the manifests promise.
    ///
    /// - Parameter rowsRead: rows read per file, by index in ``files``.
    /// - Throws: ``IngestError`` naming the file (or manifest) whose count differs.
    public func verifyRowCounts(_ rowsRead: [Int: Int]) throws(IngestError) {
        for (index, file) in files.enumerated() {
            if let expected = file.expectedRows, let read = rowsRead[index], read != expected {
                throw IngestError(
                    file: file.displayName,
                    problem:
                        "the export manifest says \(expected) data rows, but \(read) were read; the file is incomplete or was changed after export"
                )
            }
        }
        for check in runChecks {
            guard let expected = check.expectedRows else { continue }
            let read = check.fileIndices.reduce(0) { $0 + (rowsRead[$1] ?? 0) }
            if read != expected {
                throw IngestError(
                    file: check.manifest,
                    problem: "dataRowCount is \(expected), but the run's files hold \(read) data rows"
                )
            }
        }
    }
}
