/// Every file a close of a month reads, found as the close finds them: the one list `reckon close`
/// records in `manifest.json` and `reckon verify --month` compares the manifest with.
///
/// Keeping one list is the point: a kind of input the close reads but a second, hand-kept list
/// left out (an export manifest, a driver file) would be an input whose removal from the
/// manifest nobody notices. Earlier packs' chargebacks are not here: which of them a close reads
/// depends on the chargeback it computes, and the manifest lists them where they are.
struct CloseInputs: Sendable {
    /// The cost files the reconciliation reads (actual cost) and the chargeback reads (its
    /// configuration's metric), each once, in the order of the month's plan.
    var costFiles: [CostInputFile]
    /// The export manifests read to choose the runs (the skipped runs' too: they decide which run
    /// is read).
    var exportManifests: [String]
    /// Invoice pages, transaction pages, the price sheet, the EA usage summary and reservation
    /// transactions.
    var billingDocuments: [String]
    /// The files the allocation configuration names (subscription map, management groups,
    /// inherited tags, pool drivers, a journal template), each mention once.
    var configured: [ConfigInput]

    /// The files a close of `month` reads with the chargeback configured by `allocation` (nil: a
    /// close that only reconciles).
    ///
    /// The cost files are the plans the two stages read (``ReconcileRunner/costPlan(of:)``,
    /// ``AllocationRunner/costPlan(_:config:)``). A month the reconciliation would refuse (only
    /// amortized cost is left) lists the files the chargeback would read: `verify` then reports
    /// the inputs that are gone rather than stopping.
    init(month: MonthFolder, allocation: AllocationConfig?) {
        let reconciled = (try? ReconcileRunner.costPlan(of: month).plan.files) ?? []
        let allocated = allocation.map { AllocationRunner.costPlan(month.costPlan, config: $0).plan.files } ?? []
        let read = Set(reconciled + allocated)
        costFiles = month.costPlan.files.filter { read.contains($0) }
        exportManifests = month.costPlan.manifests
        billingDocuments =
            month.invoicePages + month.transactionPages
            + [month.priceSheet, month.balances, month.reservationTransactions].compactMap { $0 }
        configured = allocation?.inputs ?? []
    }

    /// Every path above, cost files first.
    var paths: [String] { costFiles.map(\.path) + exportManifests + billingDocuments + configured.map(\.path) }
}
