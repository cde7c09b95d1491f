import Foundation
import Logging

/// Merges the outputs of a parallel pass in file and range order, as soon as they can be.
///
/// Workers hand in their range's output and go back to parsing; whichever worker finds the next
/// output in order merges it (one at a time), so the merged result never depends on timing. A
/// range is merged only if it starts exactly where the previous one ended. If a cut fell inside a
/// quoted line break, the ranges before it are right (the previous range read its last record to
/// the end) and the ones from it on are not: they are dropped and the file is read on from the
/// end of the last good range in one pass. Either way sums, line numbers and rejected rows come out
/// as one sequential read would give them. (A dropped range's new values still enter the pool,
/// because its worker's later ranges use their ids; so after such a cut the pool can hold values
/// no row has, and ids can differ from a sequential read's. Nothing reads the pool in id order.)
/// When a file's last range is in, its rejected rows are reported and the file is handed to the
/// stage, or, when the stage lent its rollup for the file, handed back.
final class OrderedMerge<Sink: MergeableSink>: @unchecked Sendable {
    typealias Output = ParallelIngest.TaskOutput<Sink>

    /// The state of the file being merged.
    private struct FileState {
        var fileIndex: Int
        var sink: Sink
        var rows = CostFileReader.RowsResult()
        var rejects: [RejectedRow] = []
        var lineOffset = 0
        var bytes = 0
        /// Where the next range must start (the previous one's end).
        var expectedStart: Int?
        /// Set when a range did not start where the previous one ended: that range and the ones
        /// after it are dropped, and the file is read on from `expectedStart` in one pass.
        var aligned = true
        var parts = 0

        /// Merges the next range (its ids translated by `remap`), unless the file's ranges stopped
        /// lining up.
        mutating func add(_ part: Output, startingAt start: Int, remap: IDRemap) {
            guard aligned else { return }
            if let expectedStart, expectedStart != start {
                aligned = false
                return
            }
            sink.merge(part.sink, remap: remap, lineShift: lineOffset)
            rows.counts.add(part.rows.counts)
            rows.evidence.add(part.rows.evidence)
            rows.costChecksum = FileReadResult.checksum(rows.costChecksum, part.rows.costChecksum)
            rows.roundedValues += part.rows.roundedValues
            for var row in part.rejects {
                row.line += lineOffset
                rejects.append(row)
            }
            lineOffset += part.lines
            bytes += part.bytes
            expectedStart = part.endOffset
            parts += 1
        }
    }

    let ingest: ParallelIngest
    let plan: InputPlan
    let headers: [CostFileReader.HeaderInfo?]
    let tasks: [ParallelIngest.Task]
    let makeSink: @Sendable () -> Sink
    /// Cleared when the pass ends: the closures do not outlive the read.
    var reject: UncheckedSendable<(RejectedRow) throws -> Void>?
    var each: UncheckedSendable<(Int, FileRead<Sink>) throws -> Void>?
    /// The stage's rollup lent for a file whose metric is known up front (see `ParallelIngest.read`).
    var lend: UncheckedSendable<(Int, CostMetric) -> Sink?>?

    /// Guards `pending`, `next`, `failure` and `digests`.
    private let lock = NSLock()
    /// Held by the one worker that merges.
    private let merging = NSLock()
    /// Where workers wait while too many outputs wait to be merged (see ``waitForRoom()``).
    private let room = NSCondition()
    /// The most outputs kept waiting for an earlier range before workers pause.
    let pendingLimit: Int
    private var pending: [Int: Result<Output, any Error>] = [:]
    private var next = 0
    private var failure: (any Error)?
    private var digestResults: [Int: Result<FileDigest, any Error>] = [:]
    /// The digests by file path, once ``finish()`` returned.
    private(set) var digests: [String: FileDigest] = [:]

    // Touched only while holding `merging`.
    private(set) var pool: StringPool
    private var current: FileState?
    /// Per worker: its pool's ids translated to `pool`'s, for the values handed over so far.
    private var remaps: [Int: [UInt32]] = [:]

    init(
        ingest: ParallelIngest,
        plan: InputPlan,
        headers: [CostFileReader.HeaderInfo?],
        tasks: [ParallelIngest.Task],
        pool: StringPool,
        makeSink: @escaping @Sendable () -> Sink,
        reject: UncheckedSendable<(RejectedRow) throws -> Void>,
        each: UncheckedSendable<(Int, FileRead<Sink>) throws -> Void>,
        lend: UncheckedSendable<(Int, CostMetric) -> Sink?>?
    ) {
        self.ingest = ingest
        self.plan = plan
        self.headers = headers
        self.tasks = tasks
        self.pool = pool
        self.makeSink = makeSink
        self.reject = reject
        self.each = each
        self.lend = lend
        self.pendingLimit = max(1, ingest.workers)
    }

    /// Whether merging stopped at an error (workers then skip the remaining ranges).
    var failed: Bool { lock.withLock { failure != nil } }

    /// Blocks while more than ``pendingLimit`` outputs wait for an earlier range (a long re-read,
    /// a slow range), so memory stays at the ranges in flight. The range they wait for is already
    /// being parsed (ranges are claimed in order), so the wait always ends.
    func waitForRoom() {
        room.lock()
        while lock.withLock({ failure == nil && pending.count >= pendingLimit }) { room.wait() }
        room.unlock()
    }

    /// A file's digest is in.
    func digested(_ fileIndex: Int, _ digest: Result<FileDigest, any Error>) {
        lock.withLock { digestResults[fileIndex] = digest }
    }

    /// A task's output is in; merges it and any that follow it, unless another worker is merging.
    func completed(_ taskIndex: Int, _ output: Result<Output, any Error>) {
        lock.withLock { pending[taskIndex] = output }
        drain(wait: false)
    }

    /// Merges what remains, then reports the first error in file order.
    func finish() throws {
        drain(wait: true)
        reject = nil
        each = nil
        lend = nil
        if let failure = lock.withLock({ failure }) { throw failure }
        guard lock.withLock({ next }) == tasks.count else {
            throw IngestError(file: "-", problem: "a read task did not run")
        }
        let results = lock.withLock { digestResults }
        for fileIndex in results.keys.sorted() { digests[plan.files[fileIndex].path] = try results[fileIndex]?.get() }
    }

    private func drain(wait: Bool) {
        if wait { merging.lock() } else if !merging.try() { return }
        while let (index, output) = lock.withLock({ () -> (Int, Result<Output, any Error>)? in
            guard failure == nil, let output = pending.removeValue(forKey: next) else { return nil }
            return (next, output)
        }) {
            do { try merge(index, output) } catch { lock.withLock { failure = failure ?? error } }
            lock.withLock { next += 1 }
            room.lock()
            room.broadcast()
            room.unlock()
        }
        merging.unlock()
        // An output that came in after the last look and before the unlock is merged now.
        if !wait, lock.withLock({ failure == nil && pending[next] != nil }) { drain(wait: false) }
    }

    private func merge(_ taskIndex: Int, _ output: Result<Output, any Error>) throws {
        let task = tasks[taskIndex]
        if current?.fileIndex != task.fileIndex {
            current = FileState(fileIndex: task.fileIndex, sink: lent(task.fileIndex) ?? makeSink())
        }
        // A range that does not start where the previous one ended is dropped unread, error or not:
        // it began inside a quoted field, so what it found is not the file's.
        if let expected = current?.expectedStart, expected != task.start { current?.aligned = false }
        // The worker's new values are taken even from a dropped range: its later ranges use them.
        let part = try? output.get()
        let remap = try part.map { try translation(of: $0) }
        if current?.aligned == true {
            current?.add(try output.get(), startingAt: task.start, remap: remap ?? .unchanged)
        }
        let last = taskIndex + 1 == tasks.count || tasks[taskIndex + 1].fileIndex != task.fileIndex
        if last, let state = current {
            current = nil
            try finishFile(state)
        }
    }

    /// The stage's rollup for a file whose metric is known before any row is read, if it lends it.
    private func lent(_ fileIndex: Int) -> Sink? {
        guard let lend, let header = headers[fileIndex] else { return nil }
        let file = plan.files[fileIndex]
        guard header.schema.kind == .focus || file.metric != nil else { return nil }
        let (metric, _) = CostFileReader.metric(of: file, schema: header.schema, evidence: MetricEvidence())
        return lend.value(fileIndex, metric)
    }

    /// Takes a task's new values into the pass's pool and returns its ids' translation.
    private func translation(of part: Output) throws -> IDRemap {
        // A delta from id 1 comes from a new pool: the worker's first task, or one after a failure.
        var map = part.strings.firstID == 1 ? [0] : remaps[part.worker, default: [0]]
        remaps[part.worker] = nil
        guard map.count == part.strings.firstID else {
            throw IngestError(
                file: "-",
                problem: "internal error: worker \(part.worker)'s values were merged out of order"
            )
        }
        pool.absorb(part.strings, into: &map)
        remaps[part.worker] = map
        return IDRemap(map: map)
    }

    private func finishFile(_ state: FileState) throws {
        var state = state
        let file = plan.files[state.fileIndex]
        guard let header = headers[state.fileIndex] else { return }
        if !state.aligned, let resume = state.expectedStart {
            ingest.options.logger.info(
                "reading \(file.displayName) on from byte \(resume) in one pass: a range boundary fell inside a quoted field"
            )
            let rest = ParallelIngest.Task(
                fileIndex: state.fileIndex,
                rangeIndex: state.parts,
                start: resume,
                stop: .max
            )
            var restPool = ingest.newPool(worker: -1)
            let part = try ingest.runTask(
                rest,
                file: file,
                header: header,
                firstLine: 1,
                sink: makeSink(),
                pool: &restPool,
                progress: nil
            )
            state.aligned = true
            state.add(part, startingAt: resume, remap: try translation(of: part))
            remaps[part.worker] = nil
        }
        for row in state.rejects { try reject?.value(row) }
        let (metric, metricSource) = CostFileReader.metric(
            of: file,
            schema: header.schema,
            evidence: state.rows.evidence
        )
        ingest.options.logger.info("read \(file.displayName) in \(state.parts) range(s)")
        let read = FileRead(
            result: FileReadResult(
                file: file,
                schema: header.schema,
                counts: state.rows.counts,
                metric: metric,
                metricSource: metricSource,
                bytes: header.compressed ? state.bytes : (FileSystem.size(of: file.path) ?? state.bytes),
                compressed: header.compressed,
                costChecksum: state.rows.costChecksum,
                roundedValues: state.rows.roundedValues
            ),
            sink: state.sink
        )
        try each?.value(state.fileIndex, read)
        // The file's ranges were freed; hand the memory back so the peak stays at the ranges in
        // flight (glibc keeps freed blocks in per-thread arenas otherwise: measured 193 MiB peak
        // at 10M rows without this).
        ProcessMemory.trim()
    }
}

/// A value handed to worker threads that only ever use it one at a time (under a lock).
struct UncheckedSendable<Value>: @unchecked Sendable { let value: Value }
