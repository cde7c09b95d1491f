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
    /// `nil`: every id stays as it is.
    let map: [UInt32]?

    /// The remap that changes nothing, for sinks that already share a pool.
    public static let unchanged = IDRemap(map: nil)

    /// The id in the target pool.
    @inline(__always) public subscript(_ id: UInt32) -> UInt32 { map.map { $0[Int(id)] } ?? id }
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
/// ``minimumRange`` may be cut into byte ranges (long ones first, short ones at the end of the
/// pass; see ``ranges(of:header:fileIndex:remaining:)``), each starting just after a line break. A quoted field
/// can hold a line break, so a cut may land inside a record; that is detected exactly (the range
/// before it must end precisely where the next begins) and the rest of such a file is read on in
/// one pass from the end of the last good range (``OrderedMerge``). Partial results are merged in
/// file and range order, and rejected rows are reported in that order with their true line
/// numbers, so the output is byte-identical to a single-threaded read.
public struct ParallelIngest: Sendable {
    /// Options for reading; strict mode reads sequentially so the first bad row stops the run.
    public var options: IngestOptions
    /// Threads to use.
    public var workers: Int
    /// The smallest byte range worth a task of its own.
    public var minimumRange: Int

    /// Creates a reader using `options.threads`, or every core (at most 8).
    public init(options: IngestOptions, workers: Int? = nil, minimumRange: Int = 16 << 20) {
        self.options = options
        let wanted = workers ?? options.threads ?? min(8, ProcessInfo.processInfo.activeProcessorCount)
        // Bounded so that arithmetic on the count cannot overflow, whatever `--threads` says.
        self.workers = options.strict ? 1 : max(1, min(wanted, 1 << 16))
        self.minimumRange = minimumRange
    }

    /// One unit of work: a byte range of a file (or the whole file: `stop` is `.max`).
    struct Task: Sendable {
        var fileIndex: Int
        var rangeIndex: Int
        var start: Int
        var stop: Int
    }

    /// What one task produced.
    struct TaskOutput<Sink: MergeableSink>: Sendable {
        var sink: Sink
        /// The worker whose pool the sink's ids are in.
        var worker: Int
        /// The values the worker's pool gained in this task.
        var strings: StringPool.Delta
        var rows: CostFileReader.RowsResult
        var rejects: [RejectedRow]
        var endOffset: Int
        var lines: Int
        var bytes: Int
    }

    /// Reads every file of `plan` and keeps each file's merged sink (ids in `pool`): for callers that
    /// report per file, like `inspect`. Stages that only need the month's totals use
    /// ``read(plan:pool:makeSink:skipNotCostData:reject:progress:checkHeader:lend:each:)`` and fold each file as it
    /// finishes, so memory does not grow with the number of files.
    /// - Throws: as the streaming read.
    public func read<Sink: MergeableSink>(
        plan: InputPlan,
        pool: inout StringPool,
        makeSink: @escaping @Sendable () -> Sink,
        skipNotCostData: Bool = false,
        reject: (RejectedRow) throws -> Void,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> (files: [FileRead<Sink>?], notCostData: [Int: IngestError]) {
        var files: [FileRead<Sink>?] = Array(repeating: nil, count: plan.files.count)
        let summary = try read(
            plan: plan,
            pool: &pool,
            makeSink: makeSink,
            skipNotCostData: skipNotCostData,
            reject: reject,
            progress: progress,
            each: { index, read in files[index] = read }
        )
        for index in files.indices { files[index]?.result.digest = summary.digests[plan.files[index].path] }
        return (files, summary.notCostData)
    }

    /// What a streaming read says besides the files it handed over.
    public struct PassSummary: Sendable {
        /// Files left out because their header is not cost data (with `skipNotCostData`).
        public var notCostData: [Int: IngestError] = [:]
        /// The SHA-256 of each file hashed in the pass (``IngestOptions/digests``), by path.
        public var digests: [String: FileDigest] = [:]
    }

    /// Reads every file of `plan` into sinks made by `makeSink`, one merged sink per file, with ids
    /// in `pool`, and hands each file to `each` as it is finished.
    ///
    /// Workers claim byte ranges in order; with ``IngestOptions/digests`` threads of their own
    /// hash the files in order beside them (``digestThreads(files:workers:)``). Outputs are merged
    /// in file and range order as soon as the ranges before them are merged (workers pause when
    /// too many wait), so memory holds only the ranges in flight, never a whole month of partial
    /// results, and the merged result does not depend on which worker finished first.
    ///
    /// - Parameters:
    ///   - plan: the files to read, in order.
    ///   - pool: the string pool every file's ids end up in.
    ///   - makeSink: makes an empty sink (one per byte range, and one per file to merge into).
    ///   - skipNotCostData: a file whose header is not cost data is left out (its index is returned
    ///     in `notCostData`) instead of failing the read.
    ///   - reject: receives rejected rows, in file and line order, one file at a time.
    ///   - progress: receives the total bytes consumed so far; called from worker threads.
    ///   - checkHeader: receives each cost file's schema once every header is read, before any
    ///     row is: a stage that cannot use a file throws here instead of after the whole pass.
    ///   - lend: for a file whose metric is known before it is read (FOCUS columns, a manifest, an
    ///     option, its name), may return the stage's own rollup for the file's ranges to be merged
    ///     into; `each` then gets it back as the file's sink. This saves a whole rollup of memory
    ///     (at 10M rows, about 10 MiB). Called on the merging thread, once per file, in file order.
    ///   - each: receives each file (its index in `plan` and its merged sink, ids in `pool`) in
    ///     file order, after the file's rejected rows; called from a worker thread, one call at a
    ///     time. A file's digest comes in the returned summary (it may finish after the file).
    /// - Returns: the files left out as not cost data, and each file's digest when asked for.
    /// - Throws: ``IngestError`` for a file that cannot be read, and the first bad row in strict
    ///   mode; whatever `reject` or `each` throws.
    public func read<Sink: MergeableSink>(
        plan: InputPlan,
        pool: inout StringPool,
        makeSink: @escaping @Sendable () -> Sink,
        skipNotCostData: Bool = false,
        reject: (RejectedRow) throws -> Void,
        progress: (@Sendable (Int) -> Void)? = nil,
        checkHeader: ((Int, CostSchema) throws -> Void)? = nil,
        lend: ((Int, CostMetric) -> Sink?)? = nil,
        each: (Int, FileRead<Sink>) throws -> Void
    ) throws -> PassSummary {
        // Headers first, in order: they decide the schema and where the data starts.
        var foundHeaders: [CostFileReader.HeaderInfo?] = []
        var notCostData: [Int: IngestError] = [:]
        for (index, file) in plan.files.enumerated() {
            do { foundHeaders.append(try CostFileReader.readHeader(file).info) } catch {
                guard skipNotCostData, let ingest = error as? IngestError, ingest.notCostData else { throw error }
                foundHeaders.append(nil)
                notCostData[index] = ingest
            }
        }
        if let checkHeader {
            for (index, header) in foundHeaders.enumerated() { if let header { try checkHeader(index, header.schema) } }
        }
        var taskList: [Task] = []
        var digestList: [Int] = []
        var remaining = 0
        for (index, header) in foundHeaders.enumerated() {
            if let header { remaining += dataBytes(of: plan.files[index], header: header) }
        }
        for (index, header) in foundHeaders.enumerated() {
            guard let header else { continue }
            if digesting(plan.files[index]) { digestList.append(index) }
            taskList += ranges(of: plan.files[index], header: header, fileIndex: index, remaining: &remaining)
        }
        let meter = ProgressMeter(report: progress)
        let (tasks, digestFiles, headers) = (taskList, digestList, foundHeaders)
        let merged: (pool: StringPool, digests: [String: FileDigest]) = try withoutActuallyEscaping(reject) { reject in
            try withoutActuallyEscaping(each) { each in
                let merger = OrderedMerge(
                    ingest: self,
                    plan: plan,
                    headers: headers,
                    tasks: tasks,
                    pool: pool,
                    makeSink: makeSink,
                    reject: UncheckedSendable(value: reject),
                    each: UncheckedSendable(value: each),
                    lend: lend.map { UncheckedSendable(value: $0) }
                )
                let claims = TaskCounter(count: tasks.count)
                // Each worker interns into a pool of its own for all its tasks, and hands the pass
                // only the values new to it (measured at 10M rows: a pool per range kept five
                // copies of the month's tag texts in memory at once).
                let work: @Sendable (Int, inout WorkerPool) -> Void = { taskIndex, pool in
                    let task = tasks[taskIndex]
                    guard let header = headers[task.fileIndex], !merger.failed else { return }
                    // The first range continues the header's line numbering; later ranges count
                    // from 1 and are shifted when merged.
                    let output = Result {
                        try self.runTask(
                            task,
                            file: plan.files[task.fileIndex],
                            header: header,
                            firstLine: task.rangeIndex == 0 ? header.firstDataLine : 1,
                            sink: makeSink(),
                            pool: &pool,
                            progress: meter
                        )
                    }
                    // After a failure the pool holds values no delta carried: start a new one.
                    if case .failure = output { pool = self.newPool(worker: pool.worker) }
                    merger.completed(taskIndex, output)
                }
                // The SHA-256 of each file is one sequential stream: threads of their own hash the
                // files, in order, beside the workers, and the system shares the cores among them,
                // so the parse ranges need not be cut to fit around them.
                let hashed = DispatchGroup()
                let digestClaims = TaskCounter(count: digestFiles.count)
                for _ in 0..<ParallelIngest.digestThreads(files: digestFiles.count, workers: workers) {
                    hashed.enter()
                    Thread {
                        // After a failed range the pass ends in an error: no more files are hashed.
                        while !merger.failed, let claim = digestClaims.claim() {
                            let fileIndex = digestFiles[claim]
                            merger.digested(fileIndex, Result { try FileDigest.of(file: plan.files[fileIndex].path) })
                        }
                        hashed.leave()
                    }
                    .start()
                }
                let threads = min(workers, tasks.count)
                if threads <= 1 {
                    var pool = newPool(worker: 0)
                    for index in tasks.indices { work(index, &pool) }
                } else {
                    DispatchQueue.concurrentPerform(iterations: threads) { worker in
                        var pool = newPool(worker: worker)
                        while true {
                            merger.waitForRoom()
                            guard let index = claims.claim() else { break }
                            work(index, &pool)
                        }
                    }
                }
                hashed.wait()
                try merger.finish()
                return (merger.pool, merger.digests)
            }
        }
        pool = merged.pool
        return PassSummary(notCostData: notCostData, digests: merged.digests)
    }

    /// A worker's string pool, and how many of its values the pass has been handed.
    struct WorkerPool {
        let worker: Int
        var pool: StringPool
        /// Values below this id went out with earlier tasks; 1 for a new pool, so the values the
        /// reader interns up front go out with the first task.
        var handed = 1
        /// The key segments of the worker's last file, which its next range of that file reuses
        /// (one file's at a time, so memory does not grow with the number of files).
        var learned: (fileIndex: Int, segments: KeySegments)?
    }

    /// An empty pool for a worker, with the ids the reader knows (``CostFileReader``) in place.
    func newPool(worker: Int) -> WorkerPool { WorkerPool(worker: worker, pool: CostFileReader(options: options).pool) }

    /// How many threads hash the pass's files: one per file at most, and about 0.4 per worker.
    ///
    /// A file's SHA-256 is one sequential stream, so a single thread caps the whole pass at its
    /// speed however many cores parse: about 1.4 GB/s with the processor's SHA instructions, which
    /// at 10M rows (eleven 1.2 GB partitions) is 9.5 s. The close parses about 0.6 GB/s a core
    /// (both rollups, measured on the bench file), so hashing and parsing end together when the
    /// hash threads number about 0.4 of the workers: one for up to 3 workers, 2 for 4 to 6, 3 for 7 or 8.
    /// A partitioned export then hashes several files at once; a single file still takes one thread.
    static func digestThreads(files: Int, workers: Int) -> Int { min(files, max(1, (2 * workers + 2) / 5)) }

    /// Whether this pass computes the file's SHA-256.
    func digesting(_ file: CostInputFile) -> Bool { options.digests && !options.digested.contains(file.path) }

    /// The bytes of a file after its header.
    func dataBytes(of file: CostInputFile, header: CostFileReader.HeaderInfo) -> Int {
        max(0, (FileSystem.size(of: file.path) ?? 0) - header.dataOffset)
    }

    /// Cuts a file into byte ranges by guided self-scheduling. Each range is about a
    /// `2 × workers`-th of the pass's bytes still to be cut (`remaining`, this file's included;
    /// never under ``minimumRange``): long while much is left, since every range's partial rollup
    /// must be merged (at 10M rows, four ranges per worker and file took 8 % more CPU than one),
    /// and short at the end, where the workers must finish together (at 1M rows, cutting the file
    /// in two equal halves left one core idle for 0.3 s of a 2.4 s close, the digest thread having
    /// slowed the other worker). A gzip file is one range, and so is every file with one worker
    /// (strict mode, `--threads 1`): a strict read stops at the first bad row, which must be found
    /// in file order with its true line.
    func ranges(of file: CostInputFile, header: CostFileReader.HeaderInfo, fileIndex: Int, remaining: inout Int)
        -> [Task]
    {
        let size = FileSystem.size(of: file.path) ?? 0
        var left = remaining
        remaining -= max(0, size - header.dataOffset)
        var starts = [header.dataOffset]
        if !header.wholeFile && workers > 1 {
            var position = header.dataOffset
            while true {
                let length = max(minimumRange, left / workers / 2)
                // The rest of the file, when a cut would leave less than a minimum range after it
                // (written so that no subtraction can overflow, with `minimumRange` up to `.max`
                // and a file that shrank after its header was read).
                let rest = size - position
                guard rest > minimumRange, rest - minimumRange >= length,
                    let next = ParallelIngest.lineStart(after: position + length, path: file.path), next > position,
                    next < size
                else { break }
                starts.append(next)
                left -= next - position
                position = next
            }
        }
        return starts.enumerated()
            .map { index, start in
                Task(
                    fileIndex: fileIndex,
                    rangeIndex: index,
                    start: start,
                    stop: index + 1 < starts.count ? starts[index + 1] : .max
                )
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

    /// Reads one task into `sink`, interning into `pool` (a worker's, from ``newPool(worker:)``).
    func runTask<Sink: MergeableSink>(
        _ task: Task,
        file: CostInputFile,
        header: CostFileReader.HeaderInfo,
        firstLine: Int,
        sink: Sink,
        pool: inout WorkerPool,
        progress: ProgressMeter?
    ) throws -> TaskOutput<Sink> {
        let reader: CSVReader
        if header.wholeFile {
            // A gzip stream cannot be entered in the middle, nor a converted page: read it again
            // from its start.
            reader = try CostFileReader.readHeader(file).reader
        } else {
            let source = try FileByteSource(path: file.path, offset: task.start)
            reader = CSVReader(
                source: source,
                baseOffset: task.start,
                stopOffset: task.stop,
                firstLine: firstLine,
                skipBOM: false
            )
        }
        let started = ContinuousClock.now
        var fileReader = CostFileReader(options: options)
        swap(&fileReader.pool, &pool.pool)
        swap(&fileReader.learned, &pool.learned)
        defer {
            swap(&fileReader.pool, &pool.pool)
            swap(&fileReader.learned, &pool.learned)
        }
        var sink = sink
        var rejects: [RejectedRow] = []
        var last = 0
        let rows = try fileReader.readRows(
            reader,
            schema: header.schema,
            file: file,
            fileIndex: task.fileIndex,
            into: &sink,
            reject: { rejects.append($0) },
            progress: { bytes in
                progress?.add(bytes - last)
                last = bytes
            }
        )
        let strings = fileReader.pool.delta(from: pool.handed)
        pool.handed = fileReader.pool.count
        // For whoever tunes the split (`--verbose`): ranges that take unequal times leave a core idle.
        let took = ContinuousClock.now - started
        options.logger.info(
            "range \(task.rangeIndex + 1) of \(file.displayName): \(reader.bytesConsumed) bytes, \(rows.counts.read) rows in \(StageClock.seconds(took)) s on worker \(pool.worker)"
        )
        // The first range counts lines from the top of the file, later ones from their own start;
        // either way `linesRead` is what the next range's lines are shifted by.
        return TaskOutput(
            sink: sink,
            worker: pool.worker,
            strings: strings,
            rows: rows,
            rejects: rejects,
            endOffset: reader.offset,
            lines: reader.linesRead,
            bytes: reader.bytesConsumed
        )
    }
}

/// Hands out task indices 0..<count, in order, to whichever worker asks.
final class TaskCounter: @unchecked Sendable {
    private let lock = NSLock()
    private let count: Int
    private var next = 0

    init(count: Int) { self.count = count }

    /// The next task index to run, or `nil` when all are taken.
    func claim() -> Int? {
        lock.withLock {
            guard next < count else { return nil }
            next += 1
            return next - 1
        }
    }
}

/// Adds up bytes read by all tasks and reports the total.
final class ProgressMeter: @unchecked Sendable {
    private let lock = NSLock()
    private var total = 0
    private let report: (@Sendable (Int) -> Void)?

    init(report: (@Sendable (Int) -> Void)?) { self.report = report }

    func add(_ bytes: Int) {
        guard let report else { return }
        lock.lock()
        total += bytes
        let now = total
        lock.unlock()
        report(now)
    }
}
