import Dispatch
import Foundation
import Logging

/// A sink whose partial results from separate byte ranges can be merged exactly.
///
/// Sums are associative, so rows read in parallel and merged give the same result as one pass;
/// ids are remapped because every range interns strings in its own pool.
public protocol MergeableSink: CostRowSink, Sendable {
    /// Adds `other`'s content, with its ids translated by `remap` and the line numbers it kept
    /// moved down by `lineShift` (a byte range after the first counts lines from its own start).
    mutating func merge(_ other: Self, remap: IDRemap, lineShift: Int)
}

/// Translates ids of one ``StringPool`` into another.
public struct IDRemap: Sendable {
    let map: [UInt32]

    /// The id in the target pool.
    @inline(__always)
    public subscript(_ id: UInt32) -> UInt32 { map[Int(id)] }
}

extension StringPool {
    /// Interns every value of `other` into this pool and returns the translation of its ids.
    public mutating func absorb(_ other: StringPool) -> IDRemap {
        var map = [UInt32](repeating: 0, count: other.count)
        for id in 1..<max(1, other.count) {
            map[id] = other.withBytes(UInt32(id)) { bytes in
                bytes.withUnsafeBytes { intern($0) }
            }
        }
        return IDRemap(map: map)
    }
}

/// What a parallel read produced for one file: the file's result and its merged sink.
public struct FileRead<Sink: MergeableSink>: Sendable {
    /// Counts, schema and metric, as a sequential read would give them.
    public var result: FileReadResult
    /// Everything the file's rows added, with ids in the shared pool.
    public var sink: Sink
}

/// Reads the cost files of a plan on every core and merges the results deterministically.
///
/// Work is split into tasks: a gzip file is one task; a plain file larger than twice
/// ``minimumRange`` is cut into byte ranges, each starting just after a line break. A quoted field
/// can hold a line break, so a cut may land inside a record; that is detected exactly (the range
/// before it must end precisely where the next begins) and such a file is read again in one pass.
/// Partial results are merged in file and range order, and rejected rows are reported in that
/// order with their true line numbers, so the output is byte-identical to a single-threaded read.
public struct ParallelIngest: Sendable {
    /// Options for reading; strict mode reads sequentially so the first bad row stops the run.
    public var options: IngestOptions
    /// Threads to use.
    public var workers: Int
    /// The smallest byte range worth a task of its own.
    public var minimumRange: Int

    /// Creates a reader using `options.threads`, or every core (at most 8).
    public init(options: IngestOptions, workers: Int? = nil, minimumRange: Int = 32 << 20) {
        self.options = options
        let wanted = workers ?? options.threads ?? min(8, ProcessInfo.processInfo.activeProcessorCount)
        self.workers = options.strict ? 1 : max(1, wanted)
        self.minimumRange = minimumRange
    }

    /// One unit of work: a byte range of a file (or the whole file).
    struct Task: Sendable {
        var fileIndex: Int
        var rangeIndex: Int
        var start: Int
        var stop: Int
        var whole: Bool
    }

    /// What one task produced.
    struct TaskOutput<Sink: MergeableSink>: Sendable {
        var sink: Sink
        var pool: StringPool
        var rows: CostFileReader.RowsResult
        var rejects: [RejectedRow]
        var endOffset: Int
        var lines: Int
        var bytes: Int
    }

    /// Reads every file of `plan` into sinks made by `makeSink`, one merged sink per file, with ids
    /// in `pool`.
    ///
    /// - Parameters:
    ///   - makeSink: makes an empty sink (one per byte range, and one per file to merge into).
    ///   - skipNotCostData: a file whose header is not cost data is left out (its index is returned
    ///     in `notCostData`) instead of failing the read.
    ///   - reject: receives rejected rows, in file and line order.
    ///   - progress: receives the total bytes consumed so far; called from worker threads.
    /// - Throws: ``IngestError`` for a file that cannot be read, and the first bad row in strict mode.
    public func read<Sink: MergeableSink>(
        plan: InputPlan,
        pool: inout StringPool,
        makeSink: @escaping @Sendable () -> Sink,
        skipNotCostData: Bool = false,
        reject: (RejectedRow) throws -> Void,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> (files: [FileRead<Sink>?], notCostData: [Int: IngestError]) {
        // Headers first, in order: they decide the schema and where the data starts.
        var headers: [CostFileReader.HeaderInfo?] = []
        var notCostData: [Int: IngestError] = [:]
        for (index, file) in plan.files.enumerated() {
            do {
                headers.append(try CostFileReader.readHeader(file).info)
            } catch {
                guard skipNotCostData, let ingest = error as? IngestError, ingest.notCostData else { throw error }
                headers.append(nil)
                notCostData[index] = ingest
            }
        }
        // Tasks per file, in file order. Files are read in batches of about two tasks per thread and
        // each batch is merged and released before the next starts, so memory holds one batch of
        // partial results, not every range of a month of partitions.
        var perFile: [[Task]] = []
        for (index, header) in headers.enumerated() {
            guard let header else { continue }
            perFile.append(ranges(of: plan.files[index], header: header, fileIndex: index))
        }
        var files: [FileRead<Sink>?] = Array(repeating: nil, count: plan.files.count)
        let meter = ProgressMeter(report: progress)
        var next = 0
        while next < perFile.count {
            var tasks: [Task] = []
            while next < perFile.count && (tasks.isEmpty || tasks.count + perFile[next].count <= workers * 2) {
                tasks += perFile[next]
                next += 1
            }
            // With digests, each file of the batch is also hashed as a task of its own, queued
            // first: a file's SHA-256 is one sequential stream, the longest task, and it runs while
            // the other workers parse the file's ranges.
            var batchFiles: [Int] = []
            for task in tasks where batchFiles.last != task.fileIndex { batchFiles.append(task.fileIndex) }
            let digestFiles = options.digests ? batchFiles : []
            let (outputs, digests): ([Result<TaskOutput<Sink>, any Error>], [Result<FileDigest, any Error>]) = runTasks(
                tasks, digesting: digestFiles, plan: plan, headers: headers, makeSink: makeSink, meter: meter)
            try merge(tasks: tasks, outputs: outputs, plan: plan, headers: headers, pool: &pool, makeSink: makeSink, reject: reject, into: &files)
            for (fileIndex, digest) in zip(digestFiles, digests) {
                files[fileIndex]?.result.digest = try digest.get()
            }
        }
        return (files, notCostData)
    }

    /// Merges one batch's outputs, file by file and range by range, into `files` and `pool`.
    func merge<Sink: MergeableSink>(
        tasks: [Task], outputs: [Result<TaskOutput<Sink>, any Error>], plan: InputPlan, headers: [CostFileReader.HeaderInfo?],
        pool: inout StringPool, makeSink: @escaping @Sendable () -> Sink, reject: (RejectedRow) throws -> Void,
        into files: inout [FileRead<Sink>?]
    ) throws {
        var position = 0
        while position < tasks.count {
            let fileIndex = tasks[position].fileIndex
            var end = position
            while end < tasks.count && tasks[end].fileIndex == fileIndex { end += 1 }
            let file = plan.files[fileIndex]
            guard let header = headers[fileIndex] else {
                position = end
                continue
            }
            var parts: [TaskOutput<Sink>] = []
            for output in outputs[position..<end] { parts.append(try output.get()) }
            // Each range must end exactly where the next begins; otherwise a cut fell inside a
            // quoted line break, and the file is read again in one pass.
            var aligned = true
            for index in position..<(end - 1) where parts[index - position].endOffset != tasks[index + 1].start {
                aligned = false
            }
            if !aligned {
                options.logger.info("re-reading \(file.displayName) in one pass: a range boundary fell inside a quoted field")
                let whole = Task(fileIndex: fileIndex, rangeIndex: 0, start: header.dataOffset, stop: .max, whole: true)
                parts = [try runTask(whole, file: file, header: header, firstLine: header.firstDataLine, sink: makeSink(), progress: nil)]
            }
            var sink = makeSink()
            var rows = CostFileReader.RowsResult()
            var lineOffset = 0
            var bytes = 0
            for part in parts {
                sink.merge(part.sink, remap: pool.absorb(part.pool), lineShift: lineOffset)
                rows.counts.add(part.rows.counts)
                rows.evidence.add(part.rows.evidence)
                for var row in part.rejects {
                    row.line += lineOffset
                    try reject(row)
                }
                lineOffset += part.lines
                bytes += part.bytes
            }
            let (metric, metricSource) = CostFileReader.metric(of: file, schema: header.schema, evidence: rows.evidence)
            options.logger.info("read \(file.displayName) in \(parts.count) range(s)")
            files[fileIndex] = FileRead(
                result: FileReadResult(
                    file: file, schema: header.schema, counts: rows.counts, metric: metric, metricSource: metricSource,
                    bytes: header.compressed ? bytes : (FileSystem.size(of: file.path) ?? bytes), compressed: header.compressed),
                sink: sink)
            position = end
        }
    }

    /// The byte ranges of one file: one for gzip or small files, several for large plain files.
    func ranges(of file: CostInputFile, header: CostFileReader.HeaderInfo, fileIndex: Int) -> [Task] {
        let size = FileSystem.size(of: file.path) ?? 0
        let dataBytes = size - header.dataOffset
        // When the file is also hashed (one worker busy for the whole file), more and smaller
        // ranges let the other workers share the rest evenly.
        let count = header.compressed ? 1 : min(options.digests && workers > 1 ? workers * 2 : workers, max(1, dataBytes / minimumRange))
        guard count > 1 else {
            return [Task(fileIndex: fileIndex, rangeIndex: 0, start: header.dataOffset, stop: .max, whole: true)]
        }
        var starts = [header.dataOffset]
        for index in 1..<count {
            let cut = header.dataOffset + dataBytes / count * index
            if let next = ParallelIngest.lineStart(after: cut, path: file.path), next > starts[starts.count - 1], next < size {
                starts.append(next)
            }
        }
        return starts.enumerated().map { index, start in
            Task(fileIndex: fileIndex, rangeIndex: index, start: start, stop: index + 1 < starts.count ? starts[index + 1] : .max, whole: false)
        }
    }

    /// The offset just after the first line feed at or after `offset`, or `nil` when there is none
    /// within a few megabytes.
    static func lineStart(after offset: Int, path: String) -> Int? {
        guard let source = try? FileByteSource(path: path, offset: offset, length: 4 << 20) else { return nil }
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        var base = offset
        while true {
            let got = (try? buffer.withUnsafeMutableBytes { try source.read(into: $0) }) ?? 0
            if got == 0 { return nil }
            if let index = buffer[0..<got].firstIndex(of: 0x0A) { return base + index + 1 }
            base += got
        }
    }

    /// Runs the digests of `digesting` (file indices) and the parse tasks, on up to ``workers``
    /// threads; digests are claimed first.
    func runTasks<Sink: MergeableSink>(
        _ tasks: [Task], digesting: [Int] = [], plan: InputPlan, headers: [CostFileReader.HeaderInfo?],
        makeSink: @escaping @Sendable () -> Sink, meter: ProgressMeter
    ) -> (outputs: [Result<TaskOutput<Sink>, any Error>], digests: [Result<FileDigest, any Error>]) {
        let box = ResultBox<JobOutput<Sink>>(count: digesting.count + tasks.count)
        let threads = min(workers, digesting.count + tasks.count)
        let work: @Sendable (Int) -> JobOutput<Sink>? = { index in
            if index < digesting.count {
                return .digest(Result { try FileDigest.of(file: plan.files[digesting[index]].path) })
            }
            let task = tasks[index - digesting.count]
            guard let header = headers[task.fileIndex] else { return nil }
            // The first range continues the header's line numbering; later ranges count from 1
            // and are shifted when merged.
            return .parse(
                Result {
                    try self.runTask(
                        task, file: plan.files[task.fileIndex], header: header,
                        firstLine: task.rangeIndex == 0 ? header.firstDataLine : 1, sink: makeSink(), progress: meter)
                })
        }
        if threads <= 1 {
            for index in 0..<(digesting.count + tasks.count) {
                if let output = work(index) { box.set(index, output) }
            }
        } else {
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                while let index = box.claim() {
                    if let output = work(index) { box.set(index, output) }
                }
            }
        }
        let values = box.values
        let digests: [Result<FileDigest, any Error>] = values.prefix(digesting.count).map { value in
            if case .digest(let result) = value { return result }
            return .failure(IngestError(file: "-", problem: "a digest was not computed"))
        }
        let outputs: [Result<TaskOutput<Sink>, any Error>] = values.dropFirst(digesting.count).map { value in
            if case .parse(let result) = value { return result }
            return .failure(IngestError(file: "-", problem: "a read task did not run"))
        }
        return (outputs, digests)
    }

    func runTask<Sink: MergeableSink>(
        _ task: Task, file: CostInputFile, header: CostFileReader.HeaderInfo, firstLine: Int, sink: Sink, progress: ProgressMeter?
    ) throws -> TaskOutput<Sink> {
        let reader: CSVReader
        if header.compressed {
            // A gzip stream cannot be entered in the middle: read it again from its start.
            reader = try CostFileReader.readHeader(file).reader
        } else {
            let source = try FileByteSource(path: file.path, offset: task.start)
            reader = CSVReader(source: source, baseOffset: task.start, stopOffset: task.stop, firstLine: firstLine, skipBOM: false)
        }
        var fileReader = CostFileReader(options: options)
        var sink = sink
        var rejects: [RejectedRow] = []
        var last = 0
        let rows = try fileReader.readRows(
            reader, schema: header.schema, file: file, fileIndex: task.fileIndex, into: &sink,
            reject: { rejects.append($0) },
            progress: { bytes in
                progress?.add(bytes - last)
                last = bytes
            })
        // The first range counts lines from the top of the file, later ones from their own start;
        // either way `linesRead` is what the next range's lines are shifted by.
        return TaskOutput(
            sink: sink, pool: fileReader.pool, rows: rows, rejects: rejects, endOffset: reader.offset,
            lines: reader.linesRead, bytes: reader.bytesConsumed)
    }
}

/// What one job of a pass produced: a file's digest or a byte range's rows.
enum JobOutput<Sink: MergeableSink> {
    case digest(Result<FileDigest, any Error>)
    case parse(Result<ParallelIngest.TaskOutput<Sink>, any Error>)
}

/// Results of parallel tasks, filled by index, and the shared "next task" counter.
final class ResultBox<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Value?]
    private var next = 0

    init(count: Int) {
        storage = Array(repeating: nil, count: count)
    }

    /// The next task index to run, or `nil` when all are taken.
    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        guard next < storage.count else { return nil }
        next += 1
        return next - 1
    }

    func set(_ index: Int, _ value: Value) {
        lock.lock()
        storage[index] = value
        lock.unlock()
    }

    var values: [Value?] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// Adds up bytes read by all tasks and reports the total.
final class ProgressMeter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    private let report: (@Sendable (Int) -> Void)?

    init(report: (@Sendable (Int) -> Void)?) {
        self.report = report
    }

    func add(_ bytes: Int) {
        guard let report else { return }
        lock.lock()
        total += bytes
        let now = total
        lock.unlock()
        report(now)
    }
}
