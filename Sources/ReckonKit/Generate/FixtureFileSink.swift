import CReckonZlib
import Foundation

/// An error writing the generated fixture.
public struct FixtureGenerationError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, naming the file where there is one.
    public var description: String

    init(_ description: String) { self.description = description }
}

/// A file being written through a large buffer, optionally gzip-compressed with zlib.
///
/// `byteCount` is the number of bytes that reached the file (the compressed size for `.gz`), which
/// is what an export manifest reports.
final class FixtureFileSink {
    let url: URL
    private let handle: FileHandle
    private let buffer: FixtureByteBuffer
    private let flushThreshold: Int
    private var deflater: Deflater?
    private(set) var byteCount = 0

    init(url: URL, gzipLevel: Int?, bufferSize: Int = 1 << 22) throws(FixtureGenerationError) {
        self.url = url
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw FixtureGenerationError("cannot create \(url.path)")
        }
        do { handle = try FileHandle(forWritingTo: url) } catch {
            throw FixtureGenerationError("cannot open \(url.path) for writing: \(error)")
        }
        buffer = FixtureByteBuffer(capacity: bufferSize + (1 << 16))
        flushThreshold = bufferSize
        if let gzipLevel { deflater = try Deflater(level: gzipLevel, path: url.path) }
    }

    /// Appends bytes, flushing when the buffer is full.
    func write(_ bytes: UnsafeRawBufferPointer) throws(FixtureGenerationError) {
        buffer.append(bytes)
        if buffer.count >= flushThreshold { try flush() }
    }

    func write(_ bytes: [UInt8]) throws(FixtureGenerationError) {
        buffer.append(bytes)
        if buffer.count >= flushThreshold { try flush() }
    }

    func write(_ text: String) throws(FixtureGenerationError) { try write(Array(text.utf8)) }

    private func flush() throws(FixtureGenerationError) {
        guard buffer.count > 0 else { return }
        if let deflater {
            try deflater.compress(buffer.bytes, finish: false) { (chunk) throws(FixtureGenerationError) in
                try emit(chunk)
            }
        } else {
            try emit(buffer.bytes)
        }
        buffer.removeAll()
    }

    private func emit(_ bytes: UnsafeRawBufferPointer) throws(FixtureGenerationError) {
        do { try handle.write(contentsOf: bytes) } catch {
            throw FixtureGenerationError("cannot write \(url.path): \(error)")
        }
        byteCount += bytes.count
    }

    /// Flushes everything, finishes the gzip stream and closes the file.
    func close() throws(FixtureGenerationError) {
        try flush()
        if let deflater {
            try deflater.compress(UnsafeRawBufferPointer(start: nil, count: 0), finish: true) {
                (chunk) throws(FixtureGenerationError) in try emit(chunk)
            }
            deflater.end()
            self.deflater = nil
        }
        do { try handle.close() } catch { throw FixtureGenerationError("cannot close \(url.path): \(error)") }
    }
}

/// A zlib deflate stream producing the gzip format (windowBits 31).
private final class Deflater {
    private var stream = z_stream()
    private let output: UnsafeMutablePointer<UInt8>
    private let outputSize = 1 << 18
    private let path: String
    private var ended = false

    init(level: Int, path: String) throws(FixtureGenerationError) {
        self.path = path
        output = UnsafeMutablePointer<UInt8>.allocate(capacity: outputSize)
        let status = deflateInit2_(
            &stream,
            Int32(level),
            Z_DEFLATED,
            31,
            8,
            Z_DEFAULT_STRATEGY,
            zlibVersion(),
            Int32(MemoryLayout<z_stream>.size)
        )
        guard status == Z_OK else {
            output.deallocate()
            throw FixtureGenerationError("zlib deflateInit2 failed with \(status) for \(path)")
        }
    }

    deinit {
        end()
        output.deallocate()
    }

    /// Compresses `input` and hands every produced chunk to `emit`.
    func compress(
        _ input: UnsafeRawBufferPointer,
        finish: Bool,
        emit: (UnsafeRawBufferPointer) throws(FixtureGenerationError) -> Void
    ) throws(FixtureGenerationError) {
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
        stream.avail_in = UInt32(input.count)
        while true {
            stream.next_out = output
            stream.avail_out = UInt32(outputSize)
            let status = deflate(&stream, finish ? Z_FINISH : Z_NO_FLUSH)
            guard status == Z_OK || status == Z_STREAM_END || status == Z_BUF_ERROR else {
                throw FixtureGenerationError("zlib deflate failed with \(status) for \(path)")
            }
            let produced = outputSize - Int(stream.avail_out)
            if produced > 0 { try emit(UnsafeRawBufferPointer(start: output, count: produced)) }
            if finish {
                if status == Z_STREAM_END { return }
            } else if stream.avail_in == 0 && stream.avail_out != 0 {
                return
            }
        }
    }

    func end() {
        guard !ended else { return }
        ended = true
        deflateEnd(&stream)
    }
}
