import Foundation
import Testing

@testable import ReckonKit

/// A stage may lend its rollup to a file whose metric is known before it is read, so the file's
/// ranges merge straight into it. The rollups must be exactly those of folding each file's own
/// sink afterwards, for both exports (preferred and other metric), in ranges and re-reads.
@Suite struct LentRollupTests {
    static func fold(lending: Bool, workers: Int, minimumRange: Int) throws -> (
        AllocationFold, ReconcileFold, StringPool
    ) {
        let plan = try InputDiscovery.costFiles(at: Fixtures.path("contoso-2026-10/costdetails"), metric: nil)
        #expect(plan.files.count >= 2 && plan.files.allSatisfy { $0.metric != nil })
        let config = AllocationConfig()
        var pool = StringPool()
        let pair = PairSink(
            first: InvoiceRollupSink(),
            second: AllocationRollupSink(options: AllocationRunner.sinkOptions(config))
        )
        var folds = PairFold(reconcile: ReconcileFold(rollup: pair.first), allocation: AllocationFold(config: config))
        let ingest = ParallelIngest(options: IngestOptions(), workers: workers, minimumRange: minimumRange)
        _ = try ingest.read(
            plan: plan,
            pool: &pool,
            makeSink: { pair },
            reject: { _ in },
            lend: lending ? { index, metric in folds.lend(index, metric: metric) } : nil,
            each: { index, read in folds.add(index, read) }
        )
        let (allocation, reconcile) = (folds.allocation, folds.reconcile)
        return (allocation, reconcile, pool)
    }

    static func text(_ sink: AllocationRollupSink, _ pool: StringPool) -> [String] {
        zip(sink.keys, sink.sums)
            .map { key, sums in
                "\(pool.string(key.subscriptionId))|\(pool.string(key.resourceGroup))|\(pool.string(key.tags))|\(pool.string(key.chargeType)) \(sums.cost) \(sums.rows)"
            }
    }

    static func text(_ sink: InvoiceRollupSink, _ pool: StringPool) -> [String] {
        sink.lines
            .map { key, sums in
                "\(pool.string(key.invoice))|\(pool.string(key.meter))|\(pool.string(key.sectionName))|\(key.kind) \(sums.cost) \(sums.rows) \(sums.files)"
            }
            .sorted()
    }

    @Test(arguments: [(1, Int.max), (2, 2000), (3, 700)]) func lentRollupsEqualFoldedFiles(
        workers: Int,
        minimumRange: Int
    ) throws {
        let (plainAllocation, plainReconcile, plainPool) = try LentRollupTests.fold(
            lending: false,
            workers: 1,
            minimumRange: .max
        )
        let (allocation, reconcile, pool) = try LentRollupTests.fold(
            lending: true,
            workers: workers,
            minimumRange: minimumRange
        )
        #expect(allocation.lentTo == nil && reconcile.lentTo == nil)
        #expect(!plainAllocation.preferred.keys.isEmpty && !plainAllocation.other.keys.isEmpty)
        #expect(
            LentRollupTests.text(allocation.preferred, pool)
                == LentRollupTests.text(plainAllocation.preferred, plainPool)
        )
        #expect(LentRollupTests.text(allocation.other, pool) == LentRollupTests.text(plainAllocation.other, plainPool))
        #expect(allocation.preferredFiles.map(\.counts) == plainAllocation.preferredFiles.map(\.counts))
        #expect(allocation.otherFiles.map(\.counts) == plainAllocation.otherFiles.map(\.counts))
        #expect(reconcile.files.map(\.counts) == plainReconcile.files.map(\.counts))
        #expect(!reconcile.rollup.lines.isEmpty)
        #expect(LentRollupTests.text(reconcile.rollup, pool) == LentRollupTests.text(plainReconcile.rollup, plainPool))
        #expect(
            reconcile.rollup.flaggedRows.map { "\($0.fileIndex):\($0.line)" }
                == plainReconcile.rollup.flaggedRows.map { "\($0.fileIndex):\($0.line)" }
        )
        #expect(reconcile.notes == plainReconcile.notes)
    }
}
