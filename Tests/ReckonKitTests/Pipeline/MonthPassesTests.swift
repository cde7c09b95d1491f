import Foundation
import Testing

@testable import ReckonKit

/// When reconciliation and allocation read the same files, one pass feeds both; what each stage
/// gets must be exactly what its own pass would give.
@Suite struct MonthPassesTests {
    /// The Contoso month with its actual-cost export only (allocation then uses actual cost).
    static func actualOnlyMonth() throws -> String {
        let folder = try Fixtures.temporaryFolder() + "/month"
        try FileManager.default.createDirectory(atPath: folder + "/costdetails", withIntermediateDirectories: true)
        for item in [
            "costdetails/contoso-mca-actual", "invoices.json", "transactions", "pricesheet.csv", "subscription-map.csv",
            "reckon.yaml", "support-tickets.csv",
        ] {
            try FileManager.default.copyItem(
                atPath: Fixtures.path("contoso-2026-10/" + item),
                toPath: folder + "/" + item
            )
        }
        return folder
    }

    /// Stripped and respected Azure cost-allocation rows: reconciliation always filters them, so
    /// with `respect` the two stages count the same file differently.
    @Test(arguments: ["strip", "respect"]) func oneSharedPassGivesWhatTwoPassesGive(azureRows: String) throws {
        let folder = try MonthPassesTests.actualOnlyMonth()
        let yaml = try String(contentsOfFile: folder + "/reckon.yaml", encoding: .utf8)
            .replacingOccurrences(of: "azure_allocation_rows: strip", with: "azure_allocation_rows: \(azureRows)")
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: folder + "/reckon.yaml"))
        let config = try ReckonConfig.load(path: folder + "/reckon.yaml")
        let settings = try #require(config.allocation)
        let month = try MonthFolder.discover(root: folder)

        var sharedRejects: [RejectedRow] = []
        let shared = try MonthPasses.run(
            month: month,
            reconcile: config.reconcile,
            allocation: settings,
            options: IngestOptions(),
            reject: { sharedRejects.append($0) },
            progress: nil
        )
        var ownRejects: [RejectedRow] = []
        let reconciled = try ReconcileRunner.run(
            month: month,
            config: config.reconcile,
            reject: { ownRejects.append($0) }
        )
        let allocated = try AllocationRunner.run(plan: month.costPlan, config: settings, reject: { _ in })

        #expect(shared.reconcile.files.count == 1)
        let sharedSummary: String = try JSONEncoder.reckon.encode(ReconciliationSummary(shared.reconcile))
        let ownSummary: String = try JSONEncoder.reckon.encode(ReconciliationSummary(reconciled))
        #expect(sharedSummary == ownSummary)
        let sharedAllocation = try #require(shared.allocation)
        #expect(AllocationCSV.allocations(sharedAllocation.result) == AllocationCSV.allocations(allocated.result))
        #expect(AllocationCSV.chargeback(sharedAllocation.result) == AllocationCSV.chargeback(allocated.result))
        #expect(sharedAllocation.counts == allocated.counts)
        #expect(shared.reconcile.counts == reconciled.counts)
        #expect(sharedAllocation.counts.balances && shared.reconcile.counts.balances)
        #expect(sharedRejects.map(\.line) == ownRejects.map(\.line))
        // The stages see the Azure cost-allocation rows differently when they are respected.
        let filteredByReconcile = shared.reconcile.counts.filteredTotal
        #expect(filteredByReconcile > 0)
        #expect(sharedAllocation.counts.filteredTotal == (azureRows == "strip" ? filteredByReconcile : 0))
    }
}
