import Crypto
import Foundation

/// The evidence of a close pack (`manifest.json`): every input with its SHA-256, size and rows, the
/// configuration and templates used, the Reckon version, and every output with its SHA-256.
///
/// It holds no timestamps and only paths relative to the month folder, so the same inputs give the
/// same bytes. `reckon verify` re-checks it.
public struct PackManifest: Sendable, Codable, Equatable {
    /// One file and its digest.
    public struct Entry: Sendable, Codable, Equatable {
        /// The path (inputs: relative to the month folder; outputs: relative to the pack).
        public var path: String
        /// The SHA-256 of its bytes, lower-case hex.
        public var sha256: String
        /// Its size in bytes.
        public var bytes: Int
        /// Data rows read from it (cost files and price sheets).
        public var rows: Int?
        /// What it is (`ActualCost (MCA)`, `invoice list`, `template override`, …).
        public var role: String?

        /// An entry for a file whose digest is known.
        public init(path: String, digest: FileDigest, rows: Int? = nil, role: String? = nil) {
            self.init(path: path, sha256: digest.sha256, bytes: digest.bytes, rows: rows, role: role)
        }

        /// An entry.
        public init(path: String, sha256: String, bytes: Int, rows: Int?, role: String?) {
            self.path = path
            self.sha256 = sha256
            self.bytes = bytes
            self.rows = rows
            self.role = role
        }
    }

    /// The format of this file.
    public var manifestVersion = 1
    /// The Reckon version that wrote the pack.
    public var reckonVersion: String
    /// The period closed.
    public var period: String
    /// Every input read.
    public var inputs: [Entry]
    /// The configuration file, if one was used.
    public var config: Entry?
    /// The templates: every template used, with its digest (overrides are marked).
    public var templates: [Entry]
    /// Every file of the pack except this manifest.
    public var outputs: [Entry]

    /// The SHA-256 of text.
    public static func sha256(text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        FileDigest.hex(digest)
    }

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
    /// Outputs checked.
    public var outputsChecked: Int

    /// Whether everything matched.
    public var isIntact: Bool { changed.isEmpty && missing.isEmpty && unlisted.isEmpty }
}

extension PackManifest {
    /// Re-checks a pack: every output's digest, files added to the pack, and, when `month` is given,
    /// every input's digest.
    public static func verify(pack: String, month: String?) throws -> VerifyReport {
        let path = pack + "/manifest.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IngestError(file: path, problem: "no manifest.json: is this a close pack written by reckon close?")
        }
        let manifest: PackManifest
        do {
            manifest = try JSONDecoder().decode(PackManifest.self, from: data)
        } catch {
            throw IngestError(file: path, problem: "not a Reckon manifest: \(error)")
        }
        var report = VerifyReport(changed: [], missing: [], unlisted: [], inputsChecked: 0, outputsChecked: 0)
        func check(_ entry: Entry, under root: String, kind: String) throws {
            // Inputs outside the month folder (a config given by path) are recorded by their full path.
            let file = entry.path.hasPrefix("/") ? entry.path : root + "/" + entry.path
            guard FileSystem.exists(file) else {
                report.missing.append("\(kind) \(entry.path)")
                return
            }
            let digest = try FileDigest.of(file: file)
            if digest.sha256 != entry.sha256 || digest.bytes != entry.bytes {
                report.changed.append("\(kind) \(entry.path): SHA-256 \(digest.sha256.prefix(12))… (\(digest.bytes) bytes), the manifest says \(entry.sha256.prefix(12))… (\(entry.bytes) bytes)")
            }
        }
        for entry in manifest.outputs {
            try check(entry, under: pack, kind: "output")
            report.outputsChecked += 1
        }
        let listed = Set(manifest.outputs.map(\.path) + ["manifest.json"])
        report.unlisted = FileSystem.filesRecursively(in: pack).filter { !listed.contains($0) }.map { "output \($0) is not in the manifest" }
        if let month {
            for entry in manifest.inputs + (manifest.config.map { [$0] } ?? []) {
                try check(entry, under: month, kind: "input")
                report.inputsChecked += 1
            }
        }
        return report
    }
}
