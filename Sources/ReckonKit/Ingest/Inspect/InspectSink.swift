/// Collects what `reckon inspect` shows about one cost file: totals per currency, the period,
/// distinct keys and charge types. Azure cost-allocation rows are filtered (they move cost between
/// resources and are not on the invoice) and their net is kept apart.
public struct InspectSink: CostRowSink {
    struct Totals {
        var rows = 0
        var cost = Amount.zero
        var billed = Amount.zero
        var effective = Amount.zero
    }

    var totals: [UInt32: Totals] = [:]
    var allocationNet: [UInt32: Amount] = [:]
    var firstDay: Day?
    var lastDay: Day?
    var periods: Set<ClosedRange<Day>> = []
    var invoices: Set<UInt32> = []
    var subscriptions: Set<UInt32> = []
    var meters: Set<UInt32> = []
    var resourceGroups: Set<UInt32> = []
    var chargeTypes: [UInt32: Int] = [:]
    var providers: Set<UInt32> = []

    /// Creates an empty sink.
    public init() {}

    public mutating func add(_ record: CostRecord, pool: StringPool) -> String? {
        let currency = record[.billingCurrency]
        if record.isCostAllocation {
            allocationNet[currency, default: .zero] += record.cost ?? record.billedCost ?? .zero
            return FilterReason.costAllocation
        }
        var entry = totals[currency] ?? Totals()
        entry.rows += 1
        if let cost = record.cost { entry.cost += cost }
        if let billed = record.billedCost { entry.billed += billed }
        if let effective = record.effectiveCost { entry.effective += effective }
        totals[currency] = entry
        if let day = record.date {
            if firstDay.map({ day < $0 }) ?? true { firstDay = day }
            if lastDay.map({ day > $0 }) ?? true { lastDay = day }
        }
        if let start = record.billingPeriodStart, let end = record.billingPeriodEnd, start <= end {
            periods.insert(start...end)
        }
        if record[.invoiceId] != 0 { invoices.insert(record[.invoiceId]) }
        if record[.subscriptionId] != 0 { subscriptions.insert(record[.subscriptionId]) }
        if record[.meterId] != 0 { meters.insert(record[.meterId]) }
        if record[.resourceGroup] != 0 { resourceGroups.insert(record[.resourceGroup]) }
        if record[.providerName] != 0 { providers.insert(record[.providerName]) }
        chargeTypes[record[.chargeType], default: 0] += 1
        return nil
    }

    /// The summary of the file, once read.
    func summary(of result: FileReadResult, pool: StringPool) -> FileInspection {
        var currencies: [CurrencyTotals] = []
        for (id, entry) in totals {
            let code = CurrencyCode(pool.string(id))
            var billed: Amount? = entry.billed
            var effective: Amount? = entry.effective
            if result.schema.kind != .focus {
                billed = result.metric == .actual ? entry.cost : nil
                effective = result.metric == .amortized ? entry.cost : nil
            }
            currencies.append(
                CurrencyTotals(
                    currency: code.code, rows: entry.rows, billedCost: billed, effectiveCost: effective,
                    costAllocationNet: allocationNet[id]))
        }
        for (id, net) in allocationNet where totals[id] == nil {
            currencies.append(
                CurrencyTotals(currency: CurrencyCode(pool.string(id)).code, rows: 0, billedCost: nil, effectiveCost: nil, costAllocationNet: net))
        }
        currencies.sort { $0.currency < $1.currency }
        let charges = chargeTypes.map { (pool.string($0.key), $0.value) }
            .sorted { $0.0 < $1.0 }
            .map { ChargeTypeCount(chargeType: $0.0.isEmpty ? "(empty)" : $0.0, rows: $0.1) }
        return FileInspection(
            file: result.file.displayName,
            kind: result.schema.kind,
            version: result.schema.version,
            columns: result.schema.headerNames.count,
            compressed: result.compressed,
            bytes: result.bytes,
            metric: result.metric,
            metricSource: result.metricSource,
            firstDay: firstDay?.description,
            lastDay: lastDay?.description,
            billingPeriods: periods.sorted { $0.lowerBound < $1.lowerBound }.map { "\($0.lowerBound)..\($0.upperBound)" },
            counts: result.counts,
            totals: currencies,
            distinctInvoices: invoices.count,
            distinctSubscriptions: subscriptions.count,
            distinctResourceGroups: resourceGroups.count,
            distinctMeters: meters.count,
            providers: providers.map { pool.string($0) }.sorted(),
            chargeTypes: charges
        )
    }
}
