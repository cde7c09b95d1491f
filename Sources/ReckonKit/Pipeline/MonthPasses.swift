import Logging

/// Reads a month's cost once or twice for reconciliation and allocation.
///
/// Reconciliation reads actual cost; allocation reads amortized cost when the month has it. When
/// both read the same files (a month exported as actual cost only, or FOCUS, which carries both
/// costs), one parallel pass feeds both rollups through a ``PairSink``: the files are parsed, and
/// hashed, once. Otherwise each stage has its own pass, and files the first pass hashed are not
/// hashed again. Either way the results are the ones each runner gives alone.
enum MonthPasses {
    /// Runs reconciliation and, when `allocation` is given, allocation.
    /// - Parameters:
    ///   - month: the month folder read.
    ///   - reconcile: the reconciliation's configuration.
    ///   - allocation: the allocation's configuration, or nil for no allocation.
    ///   - options: threads, strictness and logging.
    ///   - reject: receives each rejected row once, even when two passes read its file.
    ///   - progress: receives the bytes consumed so far.
    /// - Returns: the reconciliation's run and, when asked, the allocation's.
    /// - Throws: ``IngestError`` for an input that cannot be read; whatever `reject` throws.
    static func run(
        month: MonthFolder,
        reconcile: ReconcileConfig,
        allocation: AllocationConfig?,
        options: IngestOptions,
        reject: (RejectedRow) throws -> Void,
        progress: (@Sendable (Int) -> Void)?
    ) throws -> (reconcile: ReconcileRun, allocation: AllocationRun?) {
        let (run, allocating) = try start(
            month: month,
            reconcile: reconcile,
            allocation: allocation,
            options: options,
            reject: reject,
            progress: progress
        )
        return (run, try allocating?.wait())
    }

    /// Like ``run(month:reconcile:allocation:options:reject:progress:)``, but returns once the
    /// reconciliation is done, with the allocation possibly still running (after a shared pass it
    /// runs beside the reconciliation): the close writes the reconciliation's files meanwhile.
    /// No rejected row is reported after this returns.
    static func start(
        month: MonthFolder,
        reconcile: ReconcileConfig,
        allocation: AllocationConfig?,
        options: IngestOptions,
        reject: (RejectedRow) throws -> Void,
        progress: (@Sendable (Int) -> Void)?
    ) throws -> (reconcile: ReconcileRun, allocation: Background<AllocationRun>?) {
        let (reconcilePlan, reconcileNotes) = try ReconcileRunner.costPlan(of: month)
        guard let allocation else {
            return (
                try ReconcileRunner.run(
                    month: month,
                    config: reconcile,
                    options: options,
                    reject: reject,
                    progress: progress
                ), nil
            )
        }
        let (allocationPlan, allocationNotes) = AllocationRunner.costPlan(month.costPlan, config: allocation)
        guard allocationPlan.files == reconcilePlan.files, !reconcilePlan.files.isEmpty else {
            let run = try ReconcileRunner.run(
                month: month,
                config: reconcile,
                options: options,
                reject: reject,
                progress: progress
            )
            let reconciled = Set(run.files.map(\.file.displayName))
            var second = options
            second.digested = Set(run.files.map(\.file.path))
            let allocated = try AllocationRunner.run(
                plan: month.costPlan,
                config: allocation,
                options: second,
                reject: { row in if !reconciled.contains(row.file) { try reject(row) } },
                progress: progress
            )
            return (run, Background(finished: allocated))
        }

        // One pass, two rollups, each file folded into both as it finishes.
        var stage = StageClock(logger: options.logger)
        var pool = StringPool()
        let pair = PairSink(
            first: ReconcileRunner.makeSink(reconcile),
            second: AllocationRollupSink(options: AllocationRunner.sinkOptions(allocation))
        )
        var folds = PairFold(
            reconcile: ReconcileFold(rollup: pair.first),
            allocation: AllocationFold(config: allocation)
        )
        let pass = try ParallelIngest(options: options)
            .read(
                plan: reconcilePlan,
                pool: &pool,
                makeSink: { pair },
                skipNotCostData: reconcilePlan.scanned,
                reject: reject,
                progress: progress,
                checkHeader: { index, schema in
                    try ReconcileRunner.requireInvoiceIds(reconcilePlan.files[index], schema)
                },
                lend: { index, metric in folds.lend(index, metric: metric) },
                each: { index, read in folds.add(index, read) }
            )
        folds.reconcile.attach(pass.digests)
        folds.allocation.attach(pass.digests)
        stage.lap("read the cost files")
        // The two stages need nothing from each other: the allocation runs beside the
        // reconciliation, and both read the pass's pool. (So the pass's state, about 30 MiB at 10M
        // rows, lives until both are done; the close's peak is in the pass, well above it.)
        let (allocationFold, passPool, notCostData) = (folds.allocation, pool, pass.notCostData)
        let logger = options.logger
        let allocating = Background {
            let rollup = try AllocationRunner.rollup(
                plan: allocationPlan,
                notes: allocationNotes,
                config: allocation,
                fold: allocationFold,
                notCostData: notCostData,
                pool: passPool
            )
            let started = ContinuousClock.now
            let allocated = try AllocationRunner.allocate(rollup, config: allocation)
            logger.info(
                "allocated \(rollup.rollup.costs.count) source costs in \(StageClock.seconds(ContinuousClock.now - started)) s"
            )
            return allocated
        }
        let run = try allocating.alongside {
            try ReconcileRunner.reconcile(
                month: month,
                config: reconcile,
                plan: reconcilePlan,
                notes: reconcileNotes,
                fold: folds.reconcile,
                notCostData: notCostData,
                pool: passPool,
                reject: reject
            )
        }
        stage.lap("reconciled")
        return (run, allocating)
    }
}

/// The two stages' folds of a shared pass, fed from one ``PairSink`` per file.
struct PairFold {
    var reconcile: ReconcileFold
    var allocation: AllocationFold

    /// Lends both rollups to a file, or neither (a pair holds both).
    mutating func lend(_ index: Int, metric: CostMetric) -> PairSink<InvoiceRollupSink, AllocationRollupSink>? {
        guard let first = reconcile.lend(index, metric: metric) else { return nil }
        guard let second = allocation.lend(index, metric: metric) else {
            reconcile.giveBack(first)
            return nil
        }
        return PairSink(first: first, second: second)
    }

    /// Folds a file into both stages, each with the row counts it would see on its own.
    mutating func add(_ index: Int, _ read: FileRead<PairSink<InvoiceRollupSink, AllocationRollupSink>>) {
        reconcile.add(index, FileRead(result: read.result, sink: read.sink.first))
        var result = read.result
        result.counts = read.sink.counts(forSecond: read.result.counts)
        allocation.add(index, FileRead(result: result, sink: read.sink.second))
    }
}
