import Crypto
import Foundation

/// A file's SHA-256 and size: the evidence a close pack records for every input and output.
public struct FileDigest: Sendable, Equatable {
    /// The SHA-256 of the file's bytes, lower-case hex.
    public var sha256: String
    /// The file's size in bytes.
    public var bytes: Int

    /// Streams the file through SHA-256 in 1 MiB blocks (memory stays flat for any size).
    /// - Throws: ``IngestError`` when the file cannot be opened or read.
    public static func of(file path: String) throws(IngestError) -> FileDigest {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw IngestError(file: path, problem: "cannot be read to compute its SHA-256") }
        defer { close(descriptor) }
        var hasher = SHA256()
        var total = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let got = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw IngestError(file: path, problem: "could not be read to compute its SHA-256 (errno \(errno))")
            }
            if got == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<got])) }
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
