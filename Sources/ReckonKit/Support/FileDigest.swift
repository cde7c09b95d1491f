import Crypto
import Foundation

/// A file's SHA-256 and size: the evidence a close pack records for every input and output.
public struct FileDigest: Sendable, Equatable {
    /// The SHA-256 of the file's bytes, lower-case hex.
    public var sha256: String
    /// The file's size in bytes.
    public var bytes: Int

    /// Streams the file through SHA-256 in 256 KiB blocks (memory stays flat for any size).
    ///
    /// The close hashes its inputs on a thread beside the parse workers, on the same cores: a
    /// block that fits the core's L2 cache with room to spare leaves the workers' string pool and
    /// rollups there (1 MiB blocks and 1 MiB reader buffers made the close about 5 % slower).
    ///
    /// Only a regular file is hashed (a link to one is followed): a pipe, a device such as
    /// `/dev/zero` or a folder is refused before anything is read, so a path in an edited manifest
    /// can neither hang the run nor feed it endless bytes. (The file is opened without blocking, so
    /// opening a pipe that has no writer returns at once.)
    /// - Throws: ``IngestError`` when the file cannot be opened or read, or is not a regular file.
    public static func of(file path: String) throws(IngestError) -> FileDigest {
        // Looked at before it is opened (opening some devices does something), and again once open.
        if case let kind = FileKind.at(path), kind != .missing, let problem = kind.problem {
            throw IngestError(file: path, problem: "\(problem); its SHA-256 is not computed")
        }
        let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw IngestError(file: path, problem: "cannot be read to compute its SHA-256") }
        defer { close(descriptor) }
        if let problem = FileKind.of(descriptor: descriptor).problem {
            throw IngestError(file: path, problem: "\(problem); its SHA-256 is not computed")
        }
        var hasher = SHA256()
        var total = 0
        // Not zero-filled: a close hashes over a hundred small files (transaction pages, its own
        // outputs), and zeroing the buffer for each was most of the time it spent on them.
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 64)
        defer { buffer.deallocate() }
        while true {
            let got = read(descriptor, buffer.baseAddress, buffer.count)
            if got < 0 {
                if errno == EINTR { continue }
                throw IngestError(file: path, problem: "could not be read to compute its SHA-256 (errno \(errno))")
            }
            if got == 0 { break }
            hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: buffer[0..<got]))
            total += got
        }
        return FileDigest(sha256: hex(hasher.finalize()), bytes: total)
    }

    /// Lower-case hex of a digest.
    static func hex(_ digest: SHA256.Digest) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
