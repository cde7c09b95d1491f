import Crypto
import Dispatch
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

    /// The SHA-256 of a file, streamed in 1 MiB blocks.
    public static func sha256(file path: String) throws -> (hex: String, bytes: Int) {
        let digest = try FileDigest.of(file: path)
        return (digest.sha256, digest.bytes)
    }

    /// The SHA-256 of several files, computed on up to `threads` threads (every core by default),
    /// in the order given.
    public static func sha256(files: [String], threads: Int? = nil) throws -> [(hex: String, bytes: Int)] {
        let box = ResultBox<Result<(hex: String, bytes: Int), any Error>>(count: files.count)
        let workers = max(1, min(threads ?? ProcessInfo.processInfo.activeProcessorCount, files.count))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while let index = box.claim() {
                box.set(index, Result { try sha256(file: files[index]) })
            }
        }
        return try box.values.map { value in
            guard let value else { throw IngestError(file: "-", problem: "a digest was not computed") }
            return try value.get()
        }
    }

    /// The SHA-256 of text.
    public static func sha256(text: String) -> String {
        hex(SHA256.hash(data: Data(text.utf8)))
    }

    static func hex(_ digest: SHA256.Digest) -> String {
        FileDigest.hex(digest)
    }

    /// Entries for every file under `folder` except `manifest.json`, sorted by path.
    public static func outputs(in folder: String) throws -> [Entry] {
        try FileSystem.filesRecursively(in: folder).filter { $0 != "manifest.json" }.map { relative in
            let digest = try sha256(file: folder + "/" + relative)
            return Entry(path: relative, sha256: digest.hex, bytes: digest.bytes, rows: nil, role: nil)
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
            let digest = try sha256(file: file)
            if digest.hex != entry.sha256 || digest.bytes != entry.bytes {
                report.changed.append("\(kind) \(entry.path): SHA-256 \(digest.hex.prefix(12))… (\(digest.bytes) bytes), the manifest says \(entry.sha256.prefix(12))… (\(entry.bytes) bytes)")
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
