import CReckonZlib

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A stream of bytes that a ``CSVReader`` pulls from: a file, a gzip stream, or memory.
///
/// Sources are single-use and single-threaded. `read` fills up to `buffer.count` bytes and returns
/// how many it wrote; 0 means the end of the input.
public protocol ByteSource: AnyObject {
    /// Reads up to `buffer.count` bytes into `buffer`; returns 0 at the end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int
    /// Bytes consumed from the underlying file so far (compressed bytes for gzip), for progress.
    var bytesConsumed: Int { get }
}

/// Reads a file, or a byte range of it, with read(2).
public final class FileByteSource: ByteSource {
    let path: String
    let descriptor: Int32
    var remaining: Int
    /// How many bytes the source has handed out so far.
    public private(set) var bytesConsumed = 0

    /// Opens `path` and reads from `offset` for `length` bytes (to the end when `nil`).
    public init(path: String, offset: Int = 0, length: Int? = nil) throws(IngestError) {
        self.path = path
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw IngestError(file: path, problem: "cannot open the file: \(String(cString: strerror(errno)))")
        }
        self.descriptor = fd
        self.remaining = length ?? Int.max
        if offset > 0 {
            guard lseek(fd, off_t(offset), SEEK_SET) >= 0 else {
                close(fd)
                throw IngestError(
                    file: path,
                    problem: "cannot seek to byte \(offset): \(String(cString: strerror(errno)))"
                )
            }
        }
    }

    deinit { close(descriptor) }

    /// Fills `buffer` from the file; returns the count read, 0 at the end of the range.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        guard remaining > 0, let base = buffer.baseAddress else { return 0 }
        let want = min(buffer.count, remaining)
        while true {
            #if canImport(Glibc)
            let got = Glibc.read(descriptor, base, want)
            #else
            let got = Darwin.read(descriptor, base, want)
            #endif
            if got < 0 {
                if errno == EINTR { continue }
                throw IngestError(
                    file: path,
                    problem: "read failed after \(bytesConsumed) bytes: \(String(cString: strerror(errno)))"
                )
            }
            remaining -= got
            bytesConsumed += got
            return got
        }
    }
}

/// Decompresses a gzip file (one or more concatenated members) as it is read, through zlib.
///
/// A stream that ends inside a member is an error ("truncated gzip"), never a silent short read.
public final class GzipByteSource: ByteSource {
    let path: String
    let input: FileByteSource
    var stream = z_stream()
    let inputBuffer: UnsafeMutableRawBufferPointer
    var inputEOF = false
    var memberOpen = false
    var finished = false
    /// A failure met after some output was produced; thrown by the next read, so the bytes before
    /// the damage are still delivered.
    var pendingError: IngestError?

    /// How many compressed bytes have been read from the file so far.
    public var bytesConsumed: Int { input.bytesConsumed }

    /// Opens the gzip file at `path`.
    public init(path: String) throws(IngestError) {
        self.path = path
        self.input = try FileByteSource(path: path)
        self.inputBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 18, alignment: 16)
        // 15 + 32: accept a zlib or gzip header; we require gzip below by convention of the file name.
        let status = inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            inputBuffer.deallocate()
            throw IngestError(file: path, problem: "zlib could not start (inflateInit2 returned \(status))")
        }
    }

    deinit {
        inflateEnd(&stream)
        inputBuffer.deallocate()
    }

    /// Fills `buffer` with decompressed bytes; returns the count, 0 at the end of the stream.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        if let pendingError {
            self.pendingError = nil
            finished = true
            throw pendingError
        }
        guard !finished, let out = buffer.baseAddress, buffer.count > 0 else { return 0 }
        do { return try inflateInto(out, count: buffer.count) } catch {
            let produced = buffer.count - Int(stream.avail_out)
            if produced > 0 {
                pendingError = error
                return produced
            }
            finished = true
            throw error
        }
    }

    func inflateInto(_ out: UnsafeMutableRawPointer, count: Int) throws(IngestError) -> Int {
        stream.next_out = out.assumingMemoryBound(to: Bytef.self)
        stream.avail_out = uInt(min(count, Int(UInt32.max)))
        while stream.avail_out > 0 {
            if stream.avail_in == 0 && !inputEOF {
                let got = try input.read(into: inputBuffer)
                if got == 0 {
                    inputEOF = true
                } else {
                    stream.next_in = inputBuffer.baseAddress?.assumingMemoryBound(to: Bytef.self)
                    stream.avail_in = uInt(got)
                }
            }
            if stream.avail_in == 0 && inputEOF {
                if memberOpen {
                    throw IngestError(
                        file: path,
                        problem:
                            "truncated gzip: the compressed stream ends after \(input.bytesConsumed) bytes, in the middle of the data (was the download interrupted?)"
                    )
                }
                finished = true
                break
            }
            memberOpen = true
            let status = inflate(&stream, Z_NO_FLUSH)
            if status == Z_STREAM_END {
                memberOpen = false
                // Another member may follow (concatenated gzip files are valid gzip).
                inflateReset(&stream)
                continue
            }
            if status == Z_BUF_ERROR { continue }
            guard status == Z_OK else {
                let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw IngestError(
                    file: path,
                    problem: "corrupt gzip data near compressed byte \(input.bytesConsumed): \(message)"
                )
            }
        }
        return count - Int(stream.avail_out)
    }
}

/// Bytes held in memory, for tests and small inputs.
public final class MemoryByteSource: ByteSource {
    let bytes: [UInt8]
    var position = 0
    let chunk: Int

    /// How many bytes the source has handed out so far.
    public var bytesConsumed: Int { position }

    /// Serves `bytes`, at most `chunk` bytes per read (small chunks exercise buffer edges).
    public init(_ bytes: [UInt8], chunk: Int = Int.max) {
        self.bytes = bytes
        self.chunk = max(1, chunk)
    }

    /// Serves the UTF-8 bytes of `text`.
    public convenience init(_ text: String, chunk: Int = Int.max) { self.init(Array(text.utf8), chunk: chunk) }

    /// Fills `buffer` with the next bytes held in memory; returns the count, 0 at the end.
    public func read(into buffer: UnsafeMutableRawBufferPointer) throws(IngestError) -> Int {
        let count = min(buffer.count, bytes.count - position, chunk)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            if let from = source.baseAddress, let to = buffer.baseAddress {
                to.copyMemory(from: from + position, byteCount: count)
            }
        }
        position += count
        return count
    }
}
