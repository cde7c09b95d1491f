/// The month being allocated.
public struct AllocationPeriod: Hashable, Sendable, CustomStringConvertible {
    /// The first day.
    public var start: Day
    /// The last day, inclusive.
    public var end: Day

    /// Creates a period.
    public init(start: Day, end: Day) {
        self.start = start
        self.end = end
    }

    /// The calendar month of `day`.
    public static func month(of day: Day) -> AllocationPeriod {
        let first = day.firstOfMonth
        return AllocationPeriod(
            start: first,
            end: first.adding(days: Day.daysInMonth(year: first.year, month: first.month) - 1)
        )
    }

    /// `2026-10` for a calendar month, else `2026-10-05..2026-11-04`.
    public var label: String {
        let month = AllocationPeriod.month(of: start)
        if month == self { return start.yearMonth }
        return "\(start)..\(end)"
    }

    /// The dimension's name as the reports write it.
    public var description: String { label }
}

/// The cost of one allocation key: everything rules can match on, and the amount.
///
/// The unit the allocator maps; a streaming read makes one per distinct key, a test can make them
/// directly.
public struct SourceCost: Hashable, Sendable {
    /// The billing currency.
    public var currency: CurrencyCode
    /// The exact cost (amortized or actual, as the run chose).
    public var amount: Amount
    /// Rows summed into it.
    public var rows: Int
    /// A day of its rows (the earliest); effective-dated rules are evaluated on it, and every day
    /// of its date segment gives the same outcome.
    public var day: Day
    /// Billing profile id.
    public var billingProfileId = ""
    /// Billing profile name.
    public var billingProfileName = ""
    /// Invoice section id.
    public var invoiceSectionId = ""
    /// Invoice section name.
    public var invoiceSectionName = ""
    /// Subscription id (lower-cased as read).
    public var subscriptionId = ""
    /// Subscription name.
    public var subscriptionName = ""
    /// Resource group.
    public var resourceGroup = ""
    /// Meter category.
    public var meterCategory = ""
    /// Consumed service.
    public var consumedService = ""
    /// FOCUS service name.
    public var serviceName = ""
    /// Service category: FOCUS `ServiceCategory`, else from the FinOps toolkit's services table.
    public var serviceCategory = ""
    /// Publisher name.
    public var publisherName = ""
    /// Publisher type.
    public var publisherType = ""
    /// Charge type.
    public var chargeType = ""
    /// Pricing model.
    public var pricingModel = ""
    /// Benefit id.
    public var benefitId = ""
    /// Azure cost-allocation rule name, when the row is one of Azure's allocation rows.
    public var azureAllocationRule = ""
    /// The raw tags text.
    public var tags = ""

    /// Creates a source cost.
    public init(currency: CurrencyCode, amount: Amount, rows: Int = 1, day: Day) {
        self.currency = currency
        self.amount = amount
        self.rows = rows
        self.day = day
    }

    /// Where the money comes from, for the `source_key` column: `bill:<billing profile>/<invoice section>`.
    public var sourceKey: String {
        let profile = billingProfileId.isEmpty ? billingProfileName : billingProfileId
        let section = invoiceSectionId.isEmpty ? invoiceSectionName : invoiceSectionId
        return "bill:\(profile.isEmpty ? "-" : profile)/\(section.isEmpty ? "-" : section)"
    }

    /// Whether the row is unused reservation or savings-plan cost.
    public var isUnusedCommitment: Bool {
        chargeType == AzureCharge.unusedReservation || chargeType == AzureCharge.unusedSavingsPlan
    }
}

/// What was read for allocation: the month, its cost per allocation key, and how it was chosen.
public struct CostRollup: Sendable {
    /// The month.
    public var period: AllocationPeriod
    /// The cost per key, in a deterministic order.
    public var costs: [SourceCost]
    /// The metric the amounts are in (`.actual` or `.amortized`).
    public var metric: CostMetric
    /// The statement line about the metric, e.g. "amortized cost (EffectiveCost)".
    public var costBasis: String
    /// Azure cost-allocation rows found in the data.
    public var azureRows: AzureAllocationRowsFound
    /// What was read, left out or assumed.
    public var notes: [String]

    /// Creates a rollup.
    public init(
        period: AllocationPeriod,
        costs: [SourceCost],
        metric: CostMetric = .amortized,
        costBasis: String? = nil,
        azureRows: AzureAllocationRowsFound = AzureAllocationRowsFound(),
        notes: [String] = []
    ) {
        self.period = period
        self.costs = costs
        self.metric = metric
        self.costBasis =
            costBasis ?? (metric == .actual ? "actual cost (BilledCost)" : "amortized cost (EffectiveCost)")
        self.azureRows = azureRows
        self.notes = notes
    }
}

/// Azure cost-allocation rows in the data, and what was done with them.
public struct AzureAllocationRowsFound: Hashable, Sendable {
    /// Rows with a `costAllocationRuleName`.
    public var rows = 0
    /// The rule names, sorted.
    public var rules: [String] = []
    /// Their net per currency (Azure's rows for a rule sum to zero).
    public var net: [CurrencyCode: Amount] = [:]
    /// Whether they were stripped (else kept, as Azure allocated them).
    public var stripped = false

    /// Creates a summary.
    public init(rows: Int = 0, rules: [String] = [], net: [CurrencyCode: Amount] = [:], stripped: Bool = false) {
        self.rows = rows
        self.rules = rules
        self.net = net
        self.stripped = stripped
    }

    /// The statement line: what the data held and what was done.
    public var statement: String {
        if rows == 0 { return "none in the data" }
        let names = rules.joined(separator: ", ")
        let nets = net.keys.sorted().map { "\(net[$0] ?? .zero) \($0.code)" }.joined(separator: ", ")
        if stripped {
            return
                "stripped: \(rows) rows of Azure rule(s) \(names) removed (net \(nets)); Reckon's own rules split the original cost"
        }
        return "respected: \(rows) rows of Azure rule(s) \(names) kept as Azure allocated them (net \(nets))"
    }
}

extension AllocationRollupSink {
    /// Resolves the sink's ids into ``SourceCost``s, leaving out keys without rows.
    ///
    /// - Parameters:
    ///   - pool: the pool the ids are in.
    ///   - amount: which sum is the cost (the file's single cost, `BilledCost` or `EffectiveCost`).
    ///   - categories: the service table for rows without a FOCUS `ServiceCategory`.
    /// - Returns: one ``SourceCost`` per key with rows, in the sink's key order.
    func sourceCosts(pool: StringPool, amount: (AllocationSums) -> Amount, categories: ServiceCategories)
        -> [SourceCost]
    {
        // Each id becomes a `String` once, and each (service, type) pair is looked up in the
        // services table once (lower-casing and joining both), however many keys repeat them:
        // this runs on the close's critical path after the pass.
        var strings = [String?](repeating: nil, count: pool.count)
        func text(_ id: UInt32) -> String {
            if id == 0 { return "" }
            if let cached = strings[Int(id)] { return cached }
            let value = pool.string(id)
            strings[Int(id)] = value
            return value
        }
        var serviceCategories: [UInt64: String] = [:]
        func category(_ key: AllocationKey) -> String {
            let pair = UInt64(key.consumedService) << 32 | UInt64(key.resourceType)
            if let cached = serviceCategories[pair] { return cached }
            let value = categories.category(
                consumedService: text(key.consumedService),
                resourceType: text(key.resourceType)
            )
            serviceCategories[pair] = value
            return value
        }
        var result: [SourceCost] = []
        result.reserveCapacity(sums.lazy.filter { $0.rows > 0 }.count)
        for (index, key) in keys.enumerated() where sums[index].rows > 0 {
            let entry = sums[index]
            var cost = SourceCost(
                currency: CurrencyCode(text(key.currency)),
                amount: amount(entry),
                rows: entry.rows,
                day: entry.firstDay ?? Day(daysSinceEpoch: 0)
            )
            cost.billingProfileId = text(key.billingProfileId)
            cost.billingProfileName = text(key.billingProfileName)
            cost.invoiceSectionId = text(key.invoiceSectionId)
            cost.invoiceSectionName = text(key.invoiceSectionName)
            cost.subscriptionId = text(key.subscriptionId)
            cost.subscriptionName = text(key.subscriptionName)
            cost.resourceGroup = text(key.resourceGroup)
            cost.meterCategory = text(key.meterCategory)
            cost.consumedService = text(key.consumedService)
            cost.serviceName = text(key.serviceName)
            let focusCategory = text(key.serviceCategory)
            cost.serviceCategory = focusCategory.isEmpty ? category(key) : focusCategory
            cost.publisherName = text(key.publisherName)
            cost.publisherType = text(key.publisherType)
            cost.chargeType = text(key.chargeType)
            cost.pricingModel = text(key.pricingModel)
            cost.benefitId = text(key.benefitId)
            cost.azureAllocationRule = text(key.azureRule)
            cost.tags = text(key.tags)
            result.append(cost)
        }
        return result
    }
}
