/// What `reckon allocate` produced: the allocation and where every input row went.
public struct AllocationRun: Sendable {
    /// The allocation.
    public var result: AllocationResult
    /// The cost files read for it, with their counts.
    public var files: [FileReadResult]
    /// Rows over those files.
    public var counts: RowCounts
    /// Distinct allocation keys the rows rolled up into.
    public var distinctKeys: Int
    /// Which files were read or left out, and why; what was assumed.
    public var notes: [String]
    /// The cost charged back: `allocation.metric`, or the other one when only that was given.
    public var metric: CostMetric = .amortized
    /// Σ cost allocated (the metric read), by currency code and charge type as written
    /// (`Usage`, `UnusedReservation`, `Purchase`, …): one side of the bridge from the invoices'
    /// cost to the chargeback's (``CostBridge``).
    public var costByChargeType: [String: [String: Amount]] = [:]
}

/// Reads cost data for allocation and allocates it: the I/O edge around the pure ``Allocator``.
public enum AllocationRunner {
    /// Reads the plan's cost files in one parallel pass and allocates them.
    ///
    /// - Throws: ``IngestError`` for unreadable inputs (in strict mode the first rejected row),
    ///   ``AllocationError`` when the data holds several months or the allocation fails a check.
    public static func run(
        plan: InputPlan,
        config: AllocationConfig,
        options: IngestOptions = IngestOptions(),
        reject: (RejectedRow) throws -> Void,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> AllocationRun {
        try run(
            plan: plan,
            config: config,
            ingest: ParallelIngest(options: options),
            reject: reject,
            progress: progress
        )
    }

    /// ``run(plan:config:options:reject:progress:)`` with a given reader (tests choose workers and range sizes).
    static func run(
        plan: InputPlan,
        config: AllocationConfig,
        ingest: ParallelIngest,
        reject: (RejectedRow) throws -> Void,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> AllocationRun {
        try allocate(
            try read(plan: plan, config: config, ingest: ingest, reject: reject, progress: progress),
            config: config
        )
    }

    /// Allocates what a pass read (its own, or one shared with reconciliation).
    static func allocate(
        _ read: (rollup: CostRollup, files: [FileReadResult], counts: RowCounts),
        config: AllocationConfig
    ) throws -> AllocationRun {
        var result = try Allocator.allocate(read.rollup, config: config)
        var notes = read.rollup.notes
        // A chargeback of one billing month says so where the pack shows it, with what it left out.
        if let month = config.billingMonth {
            let left = read.counts.filtered[FilterReason.otherBillingPeriod] ?? 0
            notes.append(
                "the chargeback is billing month \(month.yearMonth) (--period): \(left) cost row(s) of other billing periods were left out of it"
                    + (left > 0
                        ? "; the reconciliation still compares them with the invoices, so the invoices' actual cost on the index includes them"
                        : "")
            )
        }
        if !notes.isEmpty {
            result.diagnostics = notes.map { AllocationDiagnostic(severity: .note, message: $0) } + result.diagnostics
        }
        var run = AllocationRun(
            result: result,
            files: read.files,
            counts: read.counts,
            distinctKeys: read.rollup.costs.count,
            notes: notes
        )
        run.metric = read.rollup.metric
        for cost in read.rollup.costs {
            run.costByChargeType[cost.currency.code, default: [:]][cost.chargeType, default: .zero] += cost.amount
        }
        return run
    }

    /// Reads the cost of the configured metric into a ``CostRollup``.
    ///
    /// Chargeback uses amortized cost unless the configuration says actual. Files whose metric is
    /// known (manifest, option, file name) and is the other one are not read; files whose metric
    /// is only known from their rows are read and left out afterwards. When only the other metric
    /// is given, it is used and ``CostRollup/costBasis`` says so. FOCUS files carry both costs.
    ///
    /// - Throws: ``IngestError`` for unreadable inputs, ``AllocationError`` when nothing is left or
    ///   the rows span several billing periods.
    public static func read(
        plan: InputPlan,
        config: AllocationConfig,
        options: IngestOptions = IngestOptions(),
        reject: (RejectedRow) throws -> Void,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> (rollup: CostRollup, files: [FileReadResult], counts: RowCounts) {
        try read(
            plan: plan,
            config: config,
            ingest: ParallelIngest(options: options),
            reject: reject,
            progress: progress
        )
    }

    static func read(
        plan: InputPlan,
        config: AllocationConfig,
        ingest: ParallelIngest,
        reject: (RejectedRow) throws -> Void,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> (rollup: CostRollup, files: [FileReadResult], counts: RowCounts) {
        let (readPlan, notes) = costPlan(plan, config: config)
        var pool = StringPool()
        let sink = AllocationRollupSink(options: sinkOptions(config))
        var fold = AllocationFold(config: config)
        let pass = try ingest.read(
            plan: readPlan,
            pool: &pool,
            makeSink: { sink },
            skipNotCostData: readPlan.scanned,
            reject: reject,
            progress: progress,
            lend: { index, metric in fold.lend(index, metric: metric) },
            each: { index, read in fold.add(index, read) }
        )
        fold.attach(pass.digests)
        return try rollup(
            plan: readPlan,
            notes: notes,
            config: config,
            fold: fold,
            notCostData: pass.notCostData,
            pool: pool
        )
    }

    /// The cost files allocation reads: the configured metric (amortized unless configured),
    /// leaving out files known to hold the other one. Notes say what was left out.
    static func costPlan(_ plan: InputPlan, config: AllocationConfig) -> (plan: InputPlan, notes: [String]) {
        let wanted: CostMetric = config.metric == .actual ? .actual : .amortized
        let other: CostMetric = wanted == .actual ? .amortized : .actual
        var notes = plan.notes
        var readPlan = plan
        if plan.files.contains(where: { $0.metric == wanted || $0.metric == nil }) {
            let left = plan.files.filter { $0.metric == other }
            if !left.isEmpty {
                notes.append(
                    "left out \(left.count) \(other.rawValue) cost file(s): chargeback uses \(wanted.rawValue) cost"
                )
            }
            readPlan.files = plan.files.filter { $0.metric != other }
            readPlan.runChecks = plan.runChecks.compactMap { check in
                let kept = check.fileIndices.compactMap { readPlan.files.firstIndex(of: plan.files[$0]) }
                return kept.count == check.fileIndices.count
                    ? RunCheck(manifest: check.manifest, fileIndices: kept, expectedRows: check.expectedRows) : nil
            }
        }
        return (readPlan, notes)
    }

    /// How the allocation rollup groups and filters, from the configuration.
    static func sinkOptions(_ config: AllocationConfig) -> AllocationRollupSink.Options {
        AllocationRollupSink.Options(
            boundaries: config.dayBoundaries,
            stripAzureAllocationRows: config.azureAllocationRows == .strip,
            billingMonth: config.billingMonth
        )
    }

    /// The ``CostRollup`` of a pass over ``costPlan(_:config:)``: the metric chosen, the month
    /// checked, sums per allocation key.
    static func rollup(
        plan readPlan: InputPlan,
        notes: [String],
        config: AllocationConfig,
        fold: AllocationFold,
        notCostData: [Int: IngestError],
        pool: StringPool
    ) throws -> (rollup: CostRollup, files: [FileReadResult], counts: RowCounts) {
        let wanted = fold.wanted
        let other: CostMetric = wanted == .actual ? .amortized : .actual
        var notes = notes
        for index in notCostData.keys.sorted() {
            notes.append(
                "skipped \(readPlan.files[index].displayName): not cost data (\(notCostData[index]?.problem ?? ""))"
            )
        }
        if !readPlan.files.isEmpty {
            try readPlan.requireCostData(rowsRead: fold.rowsRead, notCostData: notCostData, folder: nil)
        }
        try readPlan.verifyRowCounts(fold.rowsRead)

        // The configured metric (or FOCUS, which has both) when the month has it, else the other.
        let used = fold.preferredFiles.isEmpty ? other : wanted
        let chosen = fold.preferredFiles.isEmpty ? fold.otherFiles : fold.preferredFiles
        let combined = fold.preferredFiles.isEmpty ? fold.other : fold.preferred
        if !fold.preferredFiles.isEmpty {
            for result in fold.otherFiles {
                notes.append(
                    "left out \(result.file.displayName): its rows show \(other.rawValue) cost (\(result.metricSource.rawValue))"
                )
            }
        }
        guard !chosen.isEmpty else {
            let problem =
                readPlan.files.isEmpty
                ? "no cost files were found (cost details exports go under costdetails/ in the month folder)"
                : "no cost rows to allocate in \(readPlan.files.map(\.displayName).joined(separator: ", "))"
            throw AllocationError(input: problem)
        }
        // A FOCUS file may leave out BillingCurrency (the spec's examples do): inspect shows its
        // totals under "(no currency column)", but a chargeback and its journal are per currency,
        // and cost in no currency cannot be charged or posted.
        let noCurrency = chosen.filter { $0.schema.index(of: .billingCurrency) == nil && $0.counts.used > 0 }
        if !noCurrency.isEmpty {
            throw AllocationError(
                input:
                    "\(noCurrency.map(\.file.displayName).joined(separator: ", ")): no BillingCurrency column, so the currency of the cost is unknown; "
                    + "a chargeback and its journal are per currency (add the column to allocate the file; inspect reads it as it is)"
            )
        }
        notes += chosen.readingNotes(pool: pool)
        let focus = chosen.contains { $0.metric == .both }
        var costBasis: String
        switch (used == wanted, used) {
        case (true, .amortized):
            costBasis = focus ? "amortized cost (FOCUS EffectiveCost)" : "amortized cost (EffectiveCost)"
        case (true, _):
            costBasis =
                focus
                ? "actual cost (FOCUS BilledCost), as chosen (allocation.metric or --metric)"
                : "actual cost (BilledCost), as chosen (allocation.metric or --metric)"
        case (false, .actual):
            costBasis =
                "actual cost (BilledCost): only actual cost was given, so reservation and savings-plan purchases stay where they were bought and unused commitment is not shown"
        default: costBasis = "amortized cost (EffectiveCost): only amortized cost was given"
        }
        if chosen.contains(where: { $0.metricSource == .assumed }) {
            costBasis +=
                "; the metric of \(chosen.filter { $0.metricSource == .assumed }.map(\.file.displayName).joined(separator: ", ")) was assumed (no manifest, option or file name said)"
        }
        let files = chosen
        var counts = RowCounts()
        for result in chosen { counts.add(result.counts) }

        // The month.
        let period: AllocationPeriod
        let periods = combined.coverage.periods.sorted { $0.lowerBound < $1.lowerBound }
        if periods.count > 1 {
            let named =
                periods.prefix(4).map { "\($0.lowerBound)..\($0.upperBound)" }.joined(separator: ", ")
                + (periods.count > 4 ? ", …" : "")
            let months = Array(Set(periods.map { $0.lowerBound.yearMonth })).sorted()
            let problem =
                config.billingMonth == nil
                ? "the rows span \(periods.count) billing periods (\(named)); allocate one month at a time: give --period with one of \(months.joined(separator: ", ")) (the rows of the others are filtered and counted)"
                : "the rows of billing month \(config.billingMonth?.yearMonth ?? "") span \(periods.count) billing periods (\(named)); allocate one at a time"
            throw AllocationError(input: problem)
        } else if let only = periods.first {
            period = AllocationPeriod(start: only.lowerBound, end: only.upperBound)
        } else if let first = combined.coverage.firstDay, let last = combined.coverage.lastDay {
            period = AllocationPeriod.month(of: first)
            if last > period.end {
                throw AllocationError(
                    input:
                        "the rows run from \(first) to \(last), more than one month and no billing period columns; allocate one month at a time"
                )
            }
        } else if let month = config.billingMonth {
            throw AllocationError(input: "no cost rows of billing month \(month.yearMonth) (--period) to allocate")
        } else {
            let names = chosen.map(\.file.displayName).joined(separator: ", ")
            var counts = RowCounts()
            for file in chosen { counts.add(file.counts) }
            let why =
                counts.read == 0
                ? "\(names) \(chosen.count == 1 ? "holds" : "hold") a header and no rows, so there is no month to charge back (reckon reconcile still checks the month's invoices)"
                : "none of the \(counts.read) row(s) of \(names) can be used: \(counts.rejectedTotal) rejected, \(counts.filteredTotal) filtered ("
                    + (counts.rejected.merging(counts.filtered) { $0 + $1 }).sorted { $0.key < $1.key }
                    .map { "\($0.value) \($0.key)" }.joined(separator: "; ") + ")"
            throw AllocationError(input: "no cost rows to allocate: " + why)
        }

        var found = AzureAllocationRowsFound(stripped: config.azureAllocationRows == .strip)
        for (currency, entry) in combined.azureRows {
            found.rows += entry.rows
            let amount = focus ? (used == .actual ? entry.sums.billed : entry.sums.effective) : entry.sums.cost
            found.net[CurrencyCode(pool.string(currency)), default: .zero] += amount
        }
        found.rules = combined.azureRuleIDs.map { pool.string($0) }.filter { !$0.isEmpty }.sorted()

        let costs = combined.sourceCosts(pool: pool, amount: { $0.cost }, categories: ServiceCategories.shipped)
        let rollup = CostRollup(
            period: period,
            costs: costs,
            metric: used,
            costBasis: costBasis,
            azureRows: found,
            notes: notes
        )
        return (rollup, files, counts)
    }
}

/// The cost side of allocation, folded file by file as a pass finishes them, so memory holds two
/// rollups (the configured metric, and the other one in case the month has only that), not one
/// per file. Files are merged in file order, as one sequential pass would.
struct AllocationFold: Sendable {
    /// The metric the configuration asks for.
    let wanted: CostMetric
    /// Files of the wanted metric, and FOCUS files (which carry both costs).
    var preferred: AllocationRollupSink
    var preferredFiles: [FileReadResult] = []
    /// Files of the other metric.
    var other: AllocationRollupSink
    var otherFiles: [FileReadResult] = []
    /// Rows read per plan index, for the manifests' row counts.
    var rowsRead: [Int: Int] = [:]
    /// The file a rollup is lent to, and whether it is `preferred`.
    var lentTo: (index: Int, preferred: Bool)?

    init(config: AllocationConfig) {
        wanted = config.metric == .actual ? .actual : .amortized
        preferred = AllocationRollupSink(options: AllocationRunner.sinkOptions(config))
        other = preferred
    }

    /// Lends the rollup a file of `metric` goes to, for its ranges to be merged into directly
    /// (``ParallelIngest/read(plan:pool:makeSink:skipNotCostData:reject:progress:checkHeader:lend:each:)``).
    /// Not for FOCUS files, whose cost is picked from their sums when the file is in.
    mutating func lend(_ index: Int, metric: CostMetric) -> AllocationRollupSink? {
        guard metric != .both, lentTo == nil else { return nil }
        let toPreferred = metric == wanted
        var lent = AllocationRollupSink(options: preferred.options)
        if toPreferred { swap(&lent, &preferred) } else { swap(&lent, &other) }
        lentTo = (index, toPreferred)
        return lent
    }

    /// Takes a rollup back without a file (a paired stage would not lend its own).
    mutating func giveBack(_ sink: AllocationRollupSink) {
        if lentTo?.preferred == true { preferred = sink } else { other = sink }
        lentTo = nil
    }

    /// Adds a file to the rollup of its metric.
    mutating func add(_ index: Int, _ read: FileRead<AllocationRollupSink>) {
        rowsRead[index] = read.result.counts.read
        let toPreferred = read.result.metric == wanted || read.result.metric == .both
        if let lent = lentTo, lent.index == index {
            // The file's rows were merged straight into the rollup lent to it (lent by the same
            // metric, known before the read, so `lent.preferred == toPreferred`).
            giveBack(read.sink)
        } else {
            var sink = read.sink
            if read.result.metric == .both {
                let actual = wanted == .actual
                sink.useAsCost { sums in actual ? sums.billed : sums.effective }
            }
            if toPreferred {
                preferred.merge(sink, remap: .unchanged, lineShift: 0)
            } else {
                other.merge(sink, remap: .unchanged, lineShift: 0)
            }
        }
        if toPreferred { preferredFiles.append(read.result) } else { otherFiles.append(read.result) }
    }

    /// Puts the pass's digests on the files.
    mutating func attach(_ digests: [String: FileDigest]) {
        preferredFiles.attach(digests)
        otherFiles.attach(digests)
    }
}

extension AllocationRollupSink {
    /// Puts the chosen sum in `cost` (FOCUS: billed or effective; EA and MCA: their single cost).
    mutating func useAsCost(_ pick: (AllocationSums) -> Amount) {
        for index in sums.indices { sums[index].cost = pick(sums[index]) }
        for (currency, entry) in azureRows {
            var updated = entry
            updated.sums.cost = pick(entry.sums)
            azureRows[currency] = updated
        }
    }
}

extension AllocationConfig {
    /// The days on which any rule, map row, management-group membership or inherited tag starts or
    /// stops applying: the only days the rollup needs to tell apart.
    public var dayBoundaries: [Day] {
        var days: Set<Day> = []
        for rule in rules { days.formUnion(rule.validity.boundaries) }
        for entry in subscriptionMap { days.formUnion(entry.validity.boundaries) }
        for membership in managementGroups.memberships { days.formUnion(membership.validity.boundaries) }
        for entry in tagInheritance.entries { days.formUnion(entry.validity.boundaries) }
        return days.sorted()
    }
}
