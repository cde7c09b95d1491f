import Crypto
import Foundation

/// The evidence of a close pack (`manifest.json`): every input with its SHA-256, size and rows, the
/// configuration and templates used, the Reckon version, and every output with its SHA-256.
///
/// It holds no timestamps, so the same inputs give the same bytes. Inputs inside the month folder
/// are recorded relative to it, earlier packs' files relative to the pack (``Entry/relativeTo``),
/// and files elsewhere (a configuration, a subscription map or template overrides given by path)
/// by their absolute path. `reckon verify` re-checks it.
public struct PackManifest: Sendable, Codable, Equatable {
    /// What a relative input path starts from.
    public enum Base: String, Sendable, Codable {
        /// The month folder (the default: not written).
        case month
        /// The pack: `../2026-09/chargeback.csv` is a file of the pack kept beside this one.
        case pack
    }

    /// One file and its digest.
    public struct Entry: Sendable, Codable, Equatable {
        /// The path. Outputs: relative to the pack. Inputs, the configuration and template
        /// overrides: relative to ``relativeTo`` (the month folder unless it says otherwise), or
        /// absolute. Default templates: `templates/<path>.mustache`, their file in Reckon's
        /// `templates/` folder (compiled into Reckon).
        public var path: String
        /// For an input whose path is relative to the pack rather than the month folder: `pack`.
        public var relativeTo: Base?
        /// The SHA-256 of its bytes, lower-case hex.
        public var sha256: String
        /// Its size in bytes.
        public var bytes: Int
        /// Data rows read from it (cost files and price sheets).
        public var rows: Int?
        /// What it is (`MCA actual cost`, `billing document`, `override`, …), for a person.
        public var role: String?
        /// For a cost file: the cost it holds (`actual`, `amortized`, or `both` for FOCUS), for a
        /// person (version 3 on). `verify` takes which exports a close reads from the
        /// configuration, never from this field, which an edit of the manifest could change.
        public var metric: CostMetric?

        /// An entry for a file whose digest is known.
        public init(
            path: String,
            relativeTo: Base? = nil,
            digest: FileDigest,
            rows: Int? = nil,
            role: String? = nil,
            metric: CostMetric? = nil
        ) {
            self.init(
                path: path,
                relativeTo: relativeTo,
                sha256: digest.sha256,
                bytes: digest.bytes,
                rows: rows,
                role: role
            )
            self.metric = metric
        }

        /// An entry.
        public init(path: String, relativeTo: Base? = nil, sha256: String, bytes: Int, rows: Int?, role: String?) {
            self.path = path
            self.relativeTo = relativeTo
            self.sha256 = sha256
            self.bytes = bytes
            self.rows = rows
            self.role = role
        }

        /// Where the input is, given the month folder and the pack.
        ///
        /// Manifests written before ``relativeTo`` existed recorded earlier packs' files as
        /// `../<pack>/chargeback.csv` without it; a month-relative path never starts with `../`
        /// (files outside the month folder are absolute), so such a path is read as pack-relative.
        func location(month: String, pack: String) -> String {
            if path.hasPrefix("/") { return path }
            return (base == .pack ? pack : month) + "/" + path
        }

        /// What a relative path starts from: ``relativeTo``, or for a manifest written before it
        /// existed, the pack when the path starts with `../`.
        var base: Base { relativeTo ?? (path.hasPrefix("../") ? .pack : .month) }

        /// Whether a relative path stays in its folder, as a close writes it: a month-relative one
        /// has no `..`; a pack-relative one is `../<pack>/<file>`, a file of a pack beside this
        /// one. An absolute path (a file given by path) is where the close found it.
        var staysInItsFolder: Bool {
            if path.hasPrefix("/") { return true }
            switch base {
            case .month: return PackManifest.isInsidePack(path)
            case .pack:
                let parts = path.split(separator: "/", omittingEmptySubsequences: false)
                return parts.count == 3 && parts[0] == ".."
                    && PackManifest.isInsidePack(parts[1...].joined(separator: "/"))
            }
        }
    }

    /// The format of this file. 2: template overrides are recorded by the file read (in 1 by
    /// `templates/<name>`, which is not where the file is, so verify does not check them there).
    /// 3: a cost file's entry has its ``Entry/metric`` (before, only its role's text said it).
    public var manifestVersion = 3
    /// The Reckon version that wrote the pack.
    public var reckonVersion: String
    /// The period closed.
    public var period: String
    /// The billing month the chargeback was limited to (`--period yyyy-MM`), when it was: a rerun
    /// needs it to write the same pack.
    public var chargebackMonth: String?
    /// Every input read.
    public var inputs: [Entry]
    /// The configuration file, if one was used.
    public var config: Entry?
    /// The templates the run rendered from its template set, and the partials and parents they
    /// use, with their digests: role `default` for one compiled into Reckon, `override` for a file
    /// from `--templates`. (A journal template the configuration names by path is an input.)
    public var templates: [Entry]
    /// Every file of the pack except this manifest.
    public var outputs: [Entry]

    /// The SHA-256 of text.
    public static func sha256(text: String) -> String { hex(SHA256.hash(data: Data(text.utf8))) }

    static func hex(_ digest: SHA256.Digest) -> String { FileDigest.hex(digest) }

    /// Entries for every file under `folder` except `manifest.json`, sorted by path.
    public static func outputs(in folder: String) throws -> [Entry] {
        let files = FileSystem.filesRecursively(in: folder).filter { $0 != "manifest.json" }
        // On every core: a close writes hundreds of statements.
        return try parallelMap(count: files.count) { (index) throws(IngestError) -> Entry in
            Entry(path: files[index], digest: try FileDigest.of(file: folder + "/" + files[index]))
        }
    }

    /// The manifest as JSON (sorted keys, so it is deterministic).
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}

/// What `reckon verify` found.
public struct VerifyReport: Sendable {
    /// Files whose digest or size no longer match, with a word on each.
    public var changed: [String]
    /// Files listed but missing.
    public var missing: [String]
    /// Files in the pack that the manifest does not list.
    public var unlisted: [String]
    /// Inputs checked (their month folder was given) and how many matched.
    public var inputsChecked: Int
    /// Whether the inputs were compared at all: only when the month folder was given. Without it
    /// a report with no difference vouches for the pack's outputs only.
    public var comparedInputs = false
    /// Outputs checked.
    public var outputsChecked: Int
    /// The SHA-256 of `manifest.json` itself. The manifest cannot vouch for itself: an auditor
    /// keeps this apart from the pack and gives it back to ``PackManifest/verify(pack:month:manifestSHA256:)``.
    public var manifestSHA256 = ""

    /// Whether everything matched.
    public var isIntact: Bool { changed.isEmpty && missing.isEmpty && unlisted.isEmpty }
}

extension PackManifest {
    /// Re-checks a pack: every output's digest, files added to the pack, and, when `month` is given,
    /// the digest of every file the run read: the inputs (month-relative ones in `month`, earlier
    /// packs' files beside `pack`, absolute ones where they are), the configuration and the
    /// template overrides. Default templates are compiled into Reckon and are not files to check.
    /// With `month` it also lists, as ``VerifyReport/unlisted``, every file a close of the month
    /// would read now that the manifest does not list (``filesTheCloseWouldReadNow(month:allocation:listed:)``).
    ///
    /// Without `month` only the pack itself is checked, so a pack copied elsewhere still verifies.
    /// With `manifestSHA256` (the digest recorded when the pack was made), the manifest itself is
    /// checked too: an edit of it is otherwise invisible, as every other digest comes from it.
    public static func verify(pack: String, month: String?, manifestSHA256: String? = nil) throws -> VerifyReport {
        let path = pack + "/manifest.json"
        // Only a regular file of a sane size is read (FileSystem.read): a pipe or a device in its
        // place would hang the check or feed it without end, and a manifest is kilobytes.
        guard FileKind.at(path) != .missing else {
            throw IngestError(file: path, problem: "no manifest.json: is this a close pack written by reckon close?")
        }
        let data: Data
        do { data = Data(try FileSystem.read(path, limit: maximumManifestBytes)) } catch {
            throw IngestError(file: path, problem: error.problem + ": is this a close pack written by reckon close?")
        }
        let ownDigest = hex(SHA256.hash(data: data))
        // A syntax error is reported where it is; a document of the wrong shape by the field.
        do { _ = try JSONValue.parse(Array(data)) } catch { throw IngestError(file: path, syntax: error) }
        let manifest: PackManifest
        do { manifest = try JSONDecoder().decode(PackManifest.self, from: data) } catch {
            throw IngestError(file: path, problem: "not a Reckon manifest: \(PackManifest.describe(error))")
        }
        var report = VerifyReport(changed: [], missing: [], unlisted: [], inputsChecked: 0, outputsChecked: 0)
        report.manifestSHA256 = ownDigest
        if let expected = manifestSHA256?.trimmingASCIIWhitespace().lowercased(), expected != ownDigest {
            report.changed.append(
                "manifest manifest.json: SHA-256 \(ownDigest.prefix(12))…, recorded as \(expected.prefix(12))… when the pack was made"
            )
        }
        if let link = PackManifest.linkProblem(pack: pack, relative: "manifest.json") {
            report.changed.append("manifest manifest.json: \(link)")
        }
        // Every difference is reported and the check goes on: a file that cannot be hashed (a
        // folder, a pipe, a device in its place) is a change, not the end of the check.
        func check(_ entry: Entry, at file: String, kind: String) {
            let there = FileKind.at(file)
            if there == .missing {
                report.missing.append("\(kind) \(entry.path)")
                return
            }
            if let what = there.found {
                report.changed.append(
                    "\(kind) \(entry.path): \(what); the manifest says a file of \(entry.bytes) bytes"
                )
                return
            }
            do {
                let digest = try FileDigest.of(file: file)
                if digest.sha256 != entry.sha256 || digest.bytes != entry.bytes {
                    report.changed.append(
                        "\(kind) \(entry.path): SHA-256 \(digest.sha256.prefix(12))… (\(digest.bytes) bytes), the manifest says \(entry.sha256.prefix(12))… (\(entry.bytes) bytes)"
                    )
                }
            } catch { report.changed.append("\(kind) \(entry.path): \(error.problem)") }
        }
        var listedOutputs: [String: Int] = [:]
        for entry in manifest.outputs { listedOutputs[entry.path, default: 0] += 1 }
        for (path, count) in listedOutputs.sorted(by: { ByteOrder.precedes($0.key, $1.key) }) where count > 1 {
            report.changed.append("output \(path): listed \(count) times; the manifest was edited")
        }
        var checked: Set<String> = []
        for entry in manifest.outputs where checked.insert(entry.path).inserted {
            // An output is a file of the pack: a path that leaves it (an edited manifest) is
            // reported, never read; so is one reached through a link, which a close never writes
            // (its content would live outside the pack and change without the pack changing).
            guard PackManifest.isInsidePack(entry.path) else {
                report.changed.append("output \(entry.path): not a path inside the pack; the manifest was edited")
                continue
            }
            if let link = PackManifest.linkProblem(pack: pack, relative: entry.path) {
                report.changed.append("output \(entry.path): \(link)")
                continue
            }
            check(entry, at: pack + "/" + entry.path, kind: "output")
            report.outputsChecked += 1
        }
        let listed = Set(manifest.outputs.map(\.path) + ["manifest.json"])
        // Links in the pack are listed, never entered: one to `/` would walk the machine.
        report.unlisted = FileSystem.filesRecursively(in: pack, followingLinks: false).filter { !listed.contains($0) }
            .map { "output \($0) is not in the manifest" }
        if let month {
            report.comparedInputs = true
            let overrides = manifest.manifestVersion >= 2 ? manifest.templates.filter { $0.role == "override" } : []
            for entry in manifest.inputs + (manifest.config.map { [$0] } ?? []) + overrides {
                let kind = entry.role == "override" ? "template" : "input"
                // A relative input stays in its folder: the month, or a pack beside this one.
                guard entry.staysInItsFolder else {
                    report.changed.append(
                        "\(kind) \(entry.path): leaves the \(entry.base == .pack ? "folder of packs" : "month folder"); the manifest was edited"
                    )
                    continue
                }
                check(entry, at: entry.location(month: month, pack: pack), kind: kind)
                report.inputsChecked += 1
            }
            // What a close would read is decided by the configuration it would read: the one the
            // manifest names (as it is now), else the month's reckon.yaml, which a close reads by
            // default and which is then itself an input the manifest does not list.
            var configuration = manifest.config.flatMap {
                $0.staysInItsFolder ? $0.location(month: month, pack: pack) : nil
            }
            let monthConfiguration = (month.hasSuffix("/") ? String(month.dropLast()) : month) + "/reckon.yaml"
            if manifest.config == nil, FileKind.at(monthConfiguration) != .missing {
                report.unlisted.append(
                    "input reckon.yaml is not in the manifest: a close of the month would read it now"
                )
                configuration = monthConfiguration
            }
            var allocation = AllocationConfig()
            if let configuration, FileKind.at(configuration) != .missing {
                do { allocation = try ReckonConfig.load(path: configuration).allocation ?? AllocationConfig() } catch {
                    report.changed.append(
                        "input \(configuration): \(error.description); the files a close would read by it are not known, so only the cost data and billing documents are compared"
                    )
                }
            }
            report.unlisted += try filesTheCloseWouldReadNow(
                month: month,
                allocation: allocation,
                listed: manifest.inputs.map { $0.location(month: month, pack: pack) }
            )
        }
        return report
    }

    /// Whether `path` names a file inside a pack: relative, with no empty, `.` or `..` component.
    static func isInsidePack(_ path: String) -> Bool {
        !path.isEmpty && !path.hasPrefix("/")
            && path.split(separator: "/", omittingEmptySubsequences: false)
                .allSatisfy { !$0.isEmpty && $0 != "." && $0 != ".." }
    }

    /// The largest manifest read: a close's is kilobytes (a few megabytes for a month of thousands
    /// of transaction pages).
    static let maximumManifestBytes = 64 << 20

    /// When `relative` (a path inside the pack at `pack`) is reached through a link, or is one,
    /// what it links to; nil otherwise (or when it does not exist). A close writes no links.
    static func linkProblem(pack: String, relative: String) -> String? {
        let parts = relative.split(separator: "/")
        var path = pack
        for (index, part) in parts.enumerated() {
            path += "/" + part
            let kind = FileKind.at(path, followingLinks: false)
            if kind == .missing { return nil }
            guard kind == .link else { continue }
            let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)) ?? "?"
            let link = index == parts.count - 1 ? "a link" : "in \(parts[0...index].joined(separator: "/")), a link"
            return "\(link) to \(target), not a file of the pack (a close writes no links)"
        }
        return nil
    }

    /// A decoding error of a manifest for a person: which field, and what was wrong with it.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        func at(_ path: [any CodingKey]) -> String {
            guard !path.isEmpty else { return "the top level" }
            return path.reduce(into: "") { text, key in
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += (text.isEmpty ? "" : ".") + key.stringValue
                }
            }
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(at(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context): return "\(at(context.codingPath)) is not \(type)"
        case .valueNotFound(let type, let context): return "\(at(context.codingPath)) is null, expected \(type)"
        case .dataCorrupted(let context): return "\(at(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }

    /// The files a close of `month` would read now that none of `listed` is: an input removed from
    /// the manifest, an export run added since (it would be chosen over the one read), a new
    /// transactions page, a price sheet, a driver file the configuration names. The month is
    /// discovered as the close discovers it, and what it would read is ``CloseInputs``, the list
    /// the close records its inputs by, so every kind of input is compared.
    ///
    /// A cost file of a metric neither stage reads (`allocation.metric: actual` leaves the
    /// amortized export unread) is not one the close would read.
    static func filesTheCloseWouldReadNow(month: String, allocation: AllocationConfig, listed: [String]) throws
        -> [String]
    {
        let folder = try MonthFolder.discover(root: month)
        let known = Set(listed.map(FileSystem.resolved))
        var seen: Set<String> = []
        return CloseInputs(month: folder, allocation: allocation).paths
            .filter { path in
                let resolved = FileSystem.resolved(path)
                return FileSystem.exists(path) && !known.contains(resolved) && seen.insert(resolved).inserted
            }
            .map { "input \(folder.relative($0)) is not in the manifest: a close of the month would read it now" }
    }
}
