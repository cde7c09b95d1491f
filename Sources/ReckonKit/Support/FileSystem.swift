import Foundation

/// The few file-system questions the library asks, in one place.
enum FileSystem {
    /// The size of a file, or `nil` when it does not exist. Symbolic links are followed: a month
    /// folder may link to export files kept elsewhere.
    static func size(of path: String) -> Int? {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: target) else { return nil }
        return (attributes[.size] as? NSNumber)?.intValue
    }

    /// Whether `path` is a folder.
    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// `path` made absolute and standard, with links followed; for a path that does not exist yet
    /// the links of its folder are followed, so a new file is named where it will land.
    static func resolved(_ path: String) -> String {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        if exists(url.path) { return url.resolvingSymlinksInPath().path }
        return url.deletingLastPathComponent().resolvingSymlinksInPath().appendingPathComponent(url.lastPathComponent)
            .path
    }

    /// Whether `path` is `folder` or lies inside it, both ``resolved(_:)``.
    static func isWithin(_ path: String, _ folder: String) -> Bool {
        let (inner, outer) = (resolved(path), resolved(folder))
        return inner == outer || inner.hasPrefix(outer == "/" ? "/" : outer + "/")
    }

    /// Whether the file begins with `prefix`, after a UTF-8 byte-order mark if it has one: how
    /// Reckon recognises a CSV file it wrote by its header.
    static func begins(_ path: String, with prefix: [UInt8]) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        var first = Array((try? handle.read(upToCount: prefix.count + 3)) ?? Data())
        if first.starts(with: [0xEF, 0xBB, 0xBF]) { first.removeFirst(3) }
        return first.starts(with: prefix)
    }

    /// Whether anything exists at `path`.
    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// The names of the folder's immediate subfolders, in byte order; empty when it cannot be listed.
    static func subfolders(of folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { isDirectory(folder + "/" + $0) }.sorted { ByteOrder.precedes($0, $1) }
    }

    /// The names of the folder's own files (not its subfolders'), in byte order; empty when it
    /// cannot be listed.
    static func files(in folder: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { !isDirectory(folder + "/" + $0) && exists(folder + "/" + $0) }
            .sorted { ByteOrder.precedes($0, $1) }
    }

    /// Every regular file below `folder`, as paths relative to it, sorted by byte order so the
    /// result never depends on the file system's listing order.
    ///
    /// With `followingLinks`, links to folders are followed (a month folder may link to an export
    /// kept elsewhere), and each folder is walked once however many links lead to it, so a link
    /// loop ends and a chain of folders linking twice to the next is not walked 2ⁿ times. Without
    /// it (a close pack, which holds no links), a link is listed as an entry and never entered.
    static func filesRecursively(in folder: String, followingLinks: Bool = true) -> [String] {
        var result: [String] = []
        var visited: Set<String> = []
        func walk(_ path: String, _ relative: String) {
            let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            guard visited.insert(real).inserted else { return }
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                let full = path + "/" + name
                let inner = relative.isEmpty ? name : relative + "/" + name
                if !followingLinks && FileKind.at(full, followingLinks: false) == .link {
                    result.append(inner)
                } else if isDirectory(full) {
                    walk(full, inner)
                } else if exists(full) {
                    result.append(inner)
                }
            }
        }
        walk(folder, "")
        return result.sorted { ByteOrder.precedes($0, $1) }
    }

    /// Whether two files hold the same bytes (compared in blocks; stops at the first difference).
    static func sameContent(_ a: String, _ b: String) -> Bool {
        guard let first = FileHandle(forReadingAtPath: a), let second = FileHandle(forReadingAtPath: b) else {
            return false
        }
        defer {
            try? first.close()
            try? second.close()
        }
        while true {
            let left = (try? first.read(upToCount: 1 << 20)) ?? Data()
            let right = (try? second.read(upToCount: 1 << 20)) ?? Data()
            if left != right { return false }
            if left.isEmpty { return true }
        }
    }

    /// The contents of a file.
    ///
    /// Only a regular file of at most `limit` bytes is read: the files read whole are
    /// JSON documents, manifests and small tables (kilobytes to megabytes), and a pipe, a device or
    /// a file of gigabytes in their place must give an error, not a hang or the machine's memory.
    static func read(_ path: String, limit: Int = maximumWholeFileBytes) throws(IngestError) -> [UInt8] {
        switch FileKind.at(path) {
        case .missing: break
        case .regular(let bytes):
            if bytes > limit {
                throw IngestError(
                    file: path,
                    problem:
                        "is \(bytes) bytes, more than a billing document, a manifest or a table read whole holds (at most \(limit >> 20) MiB here); is it the right file?"
                )
            }
        case let kind: throw IngestError(file: path, problem: kind.problem ?? "is not a file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw IngestError(file: path, problem: exists(path) ? "the file cannot be read" : "no such file")
        }
        return [UInt8](data)
    }

    /// The largest file ``read(_:)`` reads whole (the same as a saved usage-details page).
    static let maximumWholeFileBytes = 256 << 20
}
