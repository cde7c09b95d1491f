import CReckonFiles

/// What is at a path: a regular file (with its size) or something else, said in words.
///
/// Reckon reads and hashes only regular files: a pipe, a device such as `/dev/zero` or a folder
/// where a file is expected would hang a read or feed it without end.
enum FileKind: Equatable {
    case missing
    case regular(bytes: Int)
    case folder
    case link
    case pipe
    case device
    case socket
    case other
    /// There, but it cannot be looked at (no permission, a loop of links).
    case unreadable

    /// The file at `path`: the one a link leads to with `followingLinks`, else the link itself.
    static func at(_ path: String, followingLinks: Bool = true) -> FileKind {
        var size: Int64 = 0
        return FileKind(reckon_path_kind(path, followingLinks ? 1 : 0, &size), size: size)
    }

    /// The open file `descriptor`.
    static func of(descriptor: Int32) -> FileKind {
        var size: Int64 = 0
        return FileKind(reckon_descriptor_kind(descriptor, &size), size: size)
    }

    init(_ kind: reckon_file_kind, size: Int64) {
        switch kind {
        case RECKON_FILE_REGULAR: self = .regular(bytes: Int(size))
        case RECKON_FILE_FOLDER: self = .folder
        case RECKON_FILE_LINK: self = .link
        case RECKON_FILE_PIPE: self = .pipe
        case RECKON_FILE_DEVICE: self = .device
        case RECKON_FILE_SOCKET: self = .socket
        case RECKON_FILE_MISSING: self = .missing
        case RECKON_FILE_UNREADABLE: self = .unreadable
        default: self = .other
        }
    }

    /// What is wrong with it where a regular file is expected, as the rest of a sentence that
    /// starts with the path ("is a pipe, not a regular file"); nil for a regular file.
    var problem: String? {
        switch self {
        case .regular: return nil
        case .missing: return "does not exist"
        case .unreadable: return "cannot be looked at (no permission, or a loop of links)"
        default: return "is \(notRegular ?? "not a file"), not a regular file"
        }
    }

    /// What it is when it is not a regular file ("a folder", "a pipe", …); nil for a regular file.
    var notRegular: String? {
        switch self {
        case .regular: return nil
        case .missing: return "missing"
        case .folder: return "a folder"
        case .link: return "a link"
        case .pipe: return "a pipe"
        case .device: return "a device"
        case .socket: return "a socket"
        case .other: return "not a file"
        case .unreadable: return "unreadable"
        }
    }
}
