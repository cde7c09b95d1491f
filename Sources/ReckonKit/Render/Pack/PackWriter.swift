import Foundation

/// Writes a set of output files into a temporary folder beside the destination, then publishes
/// them all at once by renaming the folder into place.
///
/// An interrupted run leaves at most a `.<name>.partial-…` folder, never a half-written report set
/// under the real name. A previous folder at the destination is replaced as a whole: on Linux in
/// one step (the two folders exchanged, then the old one removed), so the destination always
/// holds a whole pack, the old or the new; where the file system cannot exchange, by two renames.
///
/// While it runs, a writer holds a lock (`flock`) on `.<name>.partial-….lock` beside its staging
/// folder; a later run to the same destination removes the staging folders whose lock is free and
/// a day old (their run was killed), and never one whose run still holds it, or one made in the
/// last day (a run on another machine, on a share that does not pass locks between machines).
public final class PackWriter: Sendable {
    /// The folder the files are published to.
    public let destination: URL
    /// The temporary folder the files are written to first.
    public let staging: URL
    /// What the run reads and what the command writes, checked again when publishing.
    let inputs: [String]
    let names: Set<String>
    /// The open lock file (`staging` + `.lock`), held until the writer goes away.
    let lock: Int32

    /// Prepares a staging folder beside `destination`.
    ///
    /// Publishing replaces the destination as a whole, so an existing destination must be an
    /// earlier Reckon output (``replaceable(_:inputs:)``): never a folder with other files in it,
    /// and never one that is or holds an input of the run.
    /// - Parameters:
    ///   - destination: the folder the pack is published as.
    ///   - inputs: the paths the run reads (the month folder, a configuration file, …).
    ///   - names: what the command writes at the top of the folder (``outputNames`` for a close).
    /// - Throws: ``IngestError`` when the destination may not be replaced, or the parent folder
    ///   cannot be written.
    public init(destination: String, inputs: [String] = [], writes names: Set<String> = PackWriter.outputNames) throws {
        // A link given as --out is followed: the pack replaces the folder it points to, not the link.
        let url = URL(fileURLWithPath: FileSystem.resolved(destination))
        if let problem = PackWriter.replaceable(url.path, inputs: inputs, writes: names) {
            throw IngestError(file: url.path, problem: problem)
        }
        self.destination = url
        self.inputs = inputs
        self.names = names
        let parent = url.deletingLastPathComponent()
        PackWriter.removeAbandonedStaging(of: url)
        let token = "\(ProcessInfo.processInfo.processIdentifier)-\(UInt64.random(in: 0..<UInt64.max))"
        self.staging = parent.appendingPathComponent(".\(url.lastPathComponent).partial-\(token)")
        do { try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true) } catch {
            throw IngestError(
                file: parent.path,
                problem: "cannot create the output folder: \(error.localizedDescription)"
            )
        }
        // The lock first, so no later run can take the staging folder for an abandoned one.
        let lock = open(staging.path + ".lock", O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
        guard lock >= 0 else {
            throw IngestError(
                file: parent.path,
                problem:
                    "cannot write in this folder, where the output folder goes (\(String(cString: strerror(errno)))); give --out a folder you can write to"
            )
        }
        // A file system without locks (some network shares) only loses the cleanup of abandoned
        // staging folders: their lock never looks free, so none is removed.
        _ = flock(lock, LOCK_EX | LOCK_NB)
        self.lock = lock
        do { try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true) } catch {
            unlink(staging.path + ".lock")
            throw IngestError(
                file: parent.path,
                problem: "cannot create the output folder: \(error.localizedDescription)"
            )
        }
    }

    deinit { close(lock) }

    /// The path of `name` inside the staging folder, for writers that stream.
    /// `name` must be a plain relative path made by Reckon (see ``SafeFileName``), never raw input.
    public func path(_ name: String) throws -> String {
        // A staging folder that vanished mid-run would otherwise be made again, half empty.
        guard FileSystem.isDirectory(staging.path) else {
            throw IngestError(
                file: staging.path,
                problem: "the output's staging folder was removed while the run was writing it"
            )
        }
        let url = staging.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url.path
    }

    /// Writes `text` as UTF-8 to `name`.
    public func write(_ name: String, _ text: String) throws { try write(name, Data(text.utf8)) }

    /// Writes `data` to `name`.
    public func write(_ name: String, _ data: Data) throws {
        let target = try path(name)
        do { try data.write(to: URL(fileURLWithPath: target)) } catch {
            throw IngestError(file: target, problem: "cannot write: \(error.localizedDescription)")
        }
    }

    /// The files staged so far, relative and sorted.
    public var stagedFiles: [String] { FileSystem.filesRecursively(in: staging.path) }

    /// How ``publish()`` put the staged folder in place.
    public enum Publication: Equatable, Sendable {
        /// Nothing was at the destination: the staged folder was renamed to it.
        case created
        /// The staged folder and the previous one were exchanged in one step, and the previous
        /// one removed: at no moment was there no folder at the destination.
        case exchanged
        /// The file system cannot exchange: the previous folder was renamed aside, the staged
        /// folder renamed into place, and the previous one removed. A kill between the two
        /// renames leaves no folder at the destination, the previous one as `.<name>.partial-….old`.
        case renamed
    }

    /// Moves the staged folder into place, replacing what was there.
    /// - Returns: how it was put there.
    /// - Throws: ``IngestError`` when the destination may no longer be replaced (files were put in
    ///   it meanwhile), or a rename fails; the previous folder is then still at the destination.
    @discardableResult public func publish() throws -> Publication {
        let manager = FileManager.default
        // A lock file outlives a staging folder that could not be removed, so that a later run
        // removes it (``removeAbandonedStaging(of:)`` leaves a folder without a lock alone).
        var keepLock = false
        defer { if !keepLock { unlink(staging.path + ".lock") } }
        // Files put into the destination while the run was going would be deleted with it.
        if let problem = PackWriter.replaceable(destination.path, inputs: inputs, writes: names) {
            throw IngestError(file: destination.path, problem: problem)
        }
        guard manager.fileExists(atPath: destination.path) else {
            do { try manager.moveItem(at: staging, to: destination) } catch {
                throw IngestError(
                    file: destination.path,
                    problem: "cannot publish the output folder: \(error.localizedDescription)"
                )
            }
            return .created
        }
        switch FileSystem.exchange(staging.path, destination.path) {
        case .exchanged:
            // The staging folder's name now holds the previous pack.
            do { try manager.removeItem(at: staging) } catch { keepLock = true }
            return .exchanged
        case .failed(let cause):
            throw IngestError(file: destination.path, problem: "cannot publish the output folder: \(cause)")
        case .unsupported: break
        }
        let aside = staging.deletingLastPathComponent().appendingPathComponent(staging.lastPathComponent + ".old")
        do { try manager.moveItem(at: destination, to: aside) } catch {
            throw IngestError(
                file: destination.path,
                problem: "cannot publish the output folder: \(error.localizedDescription)"
            )
        }
        do { try manager.moveItem(at: staging, to: destination) } catch {
            try? manager.moveItem(at: aside, to: destination)
            throw IngestError(
                file: destination.path,
                problem: "cannot publish the output folder: \(error.localizedDescription)"
            )
        }
        try? manager.removeItem(at: aside)
        return .renamed
    }

    /// The names a close writes at the top of its pack (`statements` is a folder of pages).
    public static let outputNames: Set<String> = [
        "allocations.csv", "audit.html", "chargeback.csv", "index.html", "journal.csv", "manifest.json",
        "price-flagged-rows.csv", "price-sheet-findings.csv", "reckon.xlsx", "reckon.xml", "reconciliation.html",
        "reconciliation.json", "rejects.csv", "statements", "variances.csv",
    ]
    /// What `reckon reconcile` writes.
    public static let reconcileNames: Set<String> = [
        "variances.csv", "price-sheet-findings.csv", "price-flagged-rows.csv", "reconciliation.json", "rejects.csv",
    ]
    /// What `reckon allocate` writes.
    public static let allocateNames: Set<String> = ["allocations.csv", "chargeback.csv", "journal.csv", "rejects.csv"]

    /// Why `destination` may not be replaced by a new output, or `nil` when it may: it does not
    /// exist, is empty, or is an earlier output of the same command: it holds only names the
    /// command writes (`names`, and only `.html` pages in `statements`), one of them a file only
    /// Reckon writes (``signed(_:)``); it neither is nor holds any of `inputs`, and it is not inside
    /// a folder the run reads files from (``MonthFolder/foldersRead(root:)``).
    ///
    /// `--out` pointed at the month folder, the current folder, a folder of other work or another
    /// command's output (a close pack replaced by three allocation files) would otherwise be
    /// deleted by the publishing rename, inputs included.
    public static func replaceable(_ destination: String, inputs: [String], writes names: Set<String> = outputNames)
        -> String?
    {
        let target = FileSystem.resolved(destination)
        for input in inputs where FileSystem.isWithin(input, target) {
            return
                "the output folder \(FileSystem.resolved(input) == target ? "is" : "holds") the input \(input), and writing the output replaces the folder as a whole; give --out a new or empty folder"
        }
        // An output inside a folder the run reads files from (the month's costdetails/ or
        // transactions/, a folder of loose cost files, a templates folder) would be read as input
        // by the next run: a pack in costdetails/ changed the next close's answer.
        for input in inputs where FileSystem.isDirectory(input) {
            for folder in MonthFolder.foldersRead(root: input) where FileSystem.isWithin(target, folder) {
                return
                    "is inside \(folder), which the run reads files from, so the next run would read this output as input; give --out a folder outside it"
            }
        }
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: target, isDirectory: &isFolder) else { return nil }
        guard isFolder.boolValue else { return "exists and is not a folder; give --out a new or empty folder" }
        guard let entries = try? manager.contentsOfDirectory(atPath: target) else {
            return "cannot be listed, so it cannot be replaced safely"
        }
        var foreign = entries.filter { !names.contains($0) && !isSystemFile($0) }
            .sorted { ByteOrder.compare($0, $1) < 0 }
        if entries.contains("statements") && names.contains("statements") {
            let pages = (try? manager.contentsOfDirectory(atPath: target + "/statements")) ?? ["?"]
            if pages.contains(where: { !$0.hasSuffix(".html") && !isSystemFile($0) }) { foreign.append("statements/") }
        }
        guard foreign.isEmpty else {
            return
                "holds files this command does not write (\(foreign.shortList())); the output replaces the folder as a whole, so give --out a new or empty folder, or one that holds this command's earlier output"
        }
        let visible = entries.filter { !isSystemFile($0) }
        guard visible.isEmpty || signed(target, by: names) else {
            return
                "holds files with the names this command writes, but not its earlier output (a close pack's manifest.json, a reconciliation's reconciliation.json, an allocation's allocations.csv); the output replaces the folder as a whole, so give --out a new or empty folder"
        }
        return nil
    }

    /// Files an operating system leaves in a folder someone opened (Finder, SMB shares, Windows
    /// Explorer): never a reason to refuse replacing an earlier output.
    static func isSystemFile(_ name: String) -> Bool {
        name == ".DS_Store" || name.hasPrefix("._") || name == "Thumbs.db" || name == "desktop.ini"
    }

    /// Whether `folder` is an earlier output of the command that writes `names`: a close pack's
    /// `manifest.json` (with its `manifestVersion`), a reconciliation's `reconciliation.json`
    /// (with its `reckonVersion`), or an allocation's `allocations.csv` (with its header).
    static func signed(_ folder: String, by names: Set<String>) -> Bool {
        func contains(_ name: String, _ marker: String) -> Bool {
            guard let bytes = try? FileSystem.read(folder + "/" + name) else { return false }
            return Data(bytes).range(of: Data(marker.utf8)) != nil
        }
        // The command's own signature: a close pack has its manifest; the other commands write no
        // manifest, so a close pack is never taken for theirs (their names rule it out too).
        if names.contains("manifest.json") { return contains("manifest.json", "\"manifestVersion\"") }
        if names.contains("reconciliation.json") { return contains("reconciliation.json", "\"reckonVersion\"") }
        return FileSystem.begins(
            folder + "/allocations.csv",
            with: Array("period,cost_center,cost_center_path,gl_account,rule,".utf8)
        )
    }

    /// Removes the staging folders a killed run left beside `destination`: `.<name>.partial-…`
    /// whose lock file nobody holds and is a day old. A folder without a lock file is left alone, and so is a
    /// `.old` folder (after a crash between the two renames of a file system that cannot exchange
    /// folders, it may hold the only previous pack).
    static func removeAbandonedStaging(of destination: URL) {
        let parent = destination.deletingLastPathComponent()
        let prefix = ".\(destination.lastPathComponent).partial-"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        where name.hasPrefix(prefix) && name.hasSuffix(".lock") {
            let lockPath = parent.appendingPathComponent(name).path
            // A day old at least: on a share that does not pass locks between machines (NFS with
            // `nolock`) a free lock proves nothing about a run elsewhere, but no run lasts a day.
            guard
                let modified = (try? FileManager.default.attributesOfItem(atPath: lockPath))?[.modificationDate]
                    as? Date, Date().timeIntervalSince(modified) > 86_400
            else { continue }
            let descriptor = open(lockPath, O_RDWR | O_CLOEXEC)
            guard descriptor >= 0 else { continue }
            defer { close(descriptor) }
            guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else { continue }
            try? FileManager.default.removeItem(atPath: String(lockPath.dropLast(".lock".count)))
            unlink(lockPath)
        }
    }

    /// Removes the staging folder (after a failure).
    public func discard() {
        unlink(staging.path + ".lock")
        try? FileManager.default.removeItem(at: staging)
    }
}
