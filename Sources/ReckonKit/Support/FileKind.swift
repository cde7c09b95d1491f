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

    /// What is there where a regular file is expected ("a pipe, not a regular file", "cannot be
    /// looked at (…)"), to follow a path and a colon; nil for a regular file.
    var found: String? {
        switch self {
        case .regular: return nil
        case .missing: return "does not exist"
        case .unreadable: return "cannot be looked at (no permission, or a loop of links)"
        case .folder: return "a folder, not a regular file"
        case .link: return "a link, not a regular file"
        case .pipe: return "a pipe, not a regular file"
        case .device: return "a device, not a regular file"
        case .socket: return "a socket, not a regular file"
        case .other: return "not a file"
        }
    }

    /// The same as the rest of a sentence that starts with the path ("is a pipe, not a regular
    /// file"); nil for a regular file.
    var problem: String? {
        guard let found else { return nil }
        return self == .missing || self == .unreadable ? found : "is " + found
    }
}
