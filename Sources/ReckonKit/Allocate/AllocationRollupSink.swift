/// The fields allocation rules can read, as interned ids: one ``AllocationRollupSink`` entry per
/// distinct combination (plus the date segment when an effective-dated rule changes in the period).
public struct AllocationKey: Hashable, Sendable, MixHashable {
    /// Billing currency.
    public var currency: UInt32 = 0
    /// Billing profile id.
    public var billingProfileId: UInt32 = 0
    /// Billing profile name.
    public var billingProfileName: UInt32 = 0
    /// Invoice section id.
    public var invoiceSectionId: UInt32 = 0
    /// Invoice section name.
    public var invoiceSectionName: UInt32 = 0
    /// Subscription id (lower-cased).
    public var subscriptionId: UInt32 = 0
    /// Subscription name.
    public var subscriptionName: UInt32 = 0
    /// Resource group (lower-cased).
    public var resourceGroup: UInt32 = 0
    /// Meter category.
    public var meterCategory: UInt32 = 0
    /// Consumed service.
    public var consumedService: UInt32 = 0
    /// FOCUS service name.
    public var serviceName: UInt32 = 0
    /// FOCUS service category.
    public var serviceCategory: UInt32 = 0
    /// Resource type (FOCUS `x_ResourceType`).
    public var resourceType: UInt32 = 0
    /// Publisher name.
    public var publisherName: UInt32 = 0
    /// Publisher type.
    public var publisherType: UInt32 = 0
    /// The raw tags value (parsed once per distinct value, after reading).
    public var tags: UInt32 = 0
    /// The Azure cost-allocation rule name.
    public var azureRule: UInt32 = 0
    /// Charge type.
    public var chargeType: UInt32 = 0
    /// Pricing model.
    public var pricingModel: UInt32 = 0
    /// Benefit (reservation, savings plan) id, lower-cased.
    public var benefitId: UInt32 = 0
    /// The date segment: how many effective-dating boundaries are on or before the row's date.
    /// Always 0 when no rule or table changes inside the period, so the day never multiplies keys
    /// without need.
    public var segment: UInt16 = 0

    /// Creates an empty key.
    public init() {}

    /// The mix of the fields, which ``KeySlots`` uses as the hash (no `Hasher` per row).
    public var mix: UInt64 {
        var mix = FieldMix()
        mix.add(UInt64(segment))
        mix.add(currency, billingProfileId)
        mix.add(billingProfileName, invoiceSectionId)
        mix.add(invoiceSectionName, subscriptionId)
        mix.add(subscriptionName, resourceGroup)
        mix.add(meterCategory, consumedService)
        mix.add(serviceName, serviceCategory)
        mix.add(resourceType, publisherName)
        mix.add(publisherType, tags)
        mix.add(azureRule, chargeType)
        mix.add(pricingModel, benefitId)
        return mix.value
    }

    /// The key with every id translated.
    func remapped(_ remap: IDRemap) -> AllocationKey {
        var key = self
        key.currency = remap[currency]
        key.billingProfileId = remap[billingProfileId]
        key.billingProfileName = remap[billingProfileName]
        key.invoiceSectionId = remap[invoiceSectionId]
        key.invoiceSectionName = remap[invoiceSectionName]
        key.subscriptionId = remap[subscriptionId]
        key.subscriptionName = remap[subscriptionName]
        key.resourceGroup = remap[resourceGroup]
        key.meterCategory = remap[meterCategory]
        key.consumedService = remap[consumedService]
        key.serviceName = remap[serviceName]
        key.serviceCategory = remap[serviceCategory]
        key.resourceType = remap[resourceType]
        key.publisherName = remap[publisherName]
        key.publisherType = remap[publisherType]
        key.tags = remap[tags]
        key.azureRule = remap[azureRule]
        key.chargeType = remap[chargeType]
        key.pricingModel = remap[pricingModel]
        key.benefitId = remap[benefitId]
        return key
    }
}

/// What the rows of one ``AllocationKey`` add up to.
public struct AllocationSums: Sendable {
    /// Σ of the single cost column (EA, MCA).
    public var cost = Amount.zero
    /// Σ BilledCost (FOCUS).
    public var billed = Amount.zero
    /// Σ EffectiveCost (FOCUS).
    public var effective = Amount.zero
    /// Rows summed.
    public var rows = 0
    /// The earliest charge day (any day of the key's segment gives the same rule outcome).
    public var firstDay: Day?

    mutating func add(_ other: AllocationSums) {
        cost += other.cost
        billed += other.billed
        effective += other.effective
        rows += other.rows
        if let day = other.firstDay, firstDay.map({ day < $0 }) ?? true { firstDay = day }
    }
}

/// Streams cost rows into sums per ``AllocationKey``: the only state allocation keeps while
/// reading, so memory is bounded by the number of distinct keys, never by rows.
///
/// Effective-dated rules need the day only where validity changes: the sink is made with the
/// configuration's boundary days and keys rows by date *segment* (0 when nothing changes), not by
/// day. Azure cost-allocation rows are kept, or filtered with their net counted apart when the
/// configuration strips them.
public struct AllocationRollupSink: MergeableSink {
    /// How the sink groups and filters.
    public struct Options: Sendable {
        /// Days on which some rule, map row or inherited tag starts or stops applying, sorted.
        public var boundaries: [Day]
        /// Filter rows with a `costAllocationRuleName` instead of summing them.
        public var stripAzureAllocationRows: Bool
        /// Keep only rows whose billing period starts in this month (``AllocationConfig/billingMonth``),
        /// as its days, so a row is compared with two days, not converted to a month.
        public var billingMonth: ClosedRange<Day>?

        /// Creates options.
        public init(boundaries: [Day] = [], stripAzureAllocationRows: Bool = false, billingMonth: Day? = nil) {
            self.boundaries = Array(Set(boundaries)).sorted()
            self.stripAzureAllocationRows = stripAzureAllocationRows
            self.billingMonth = billingMonth.map { AllocationPeriod.month(of: $0) }.map { $0.start...$0.end }
        }
    }

    /// What Azure cost-allocation rows added, per currency id.
    public struct AzureRowSums: Sendable {
        /// Rows.
        public var rows = 0
        /// Σ cost, billed and effective.
        public var sums = AllocationSums()
    }

    let options: Options
    /// Key → slot in `keys` and `sums`.
    var slots = KeySlots<AllocationKey>()
    /// Keys in first-seen order.
    public private(set) var keys: [AllocationKey] = []
    /// Sums per slot.
    public internal(set) var sums: [AllocationSums] = []
    var lastKey = AllocationKey()
    var lastSlot = -1
    var lastDate: Day?
    var lastSegment: UInt16 = 0
    /// The charge days and billing periods of the rows.
    public private(set) var coverage = DateCoverage()
    /// Azure cost-allocation rows by currency id (summed into `sums` as well unless stripped).
    public internal(set) var azureRows: [UInt32: AzureRowSums] = [:]
    /// Azure cost-allocation rule names seen.
    var azureRules = IDSet()

    /// Creates a sink that neither segments by date nor strips rows.
    public init() { self.init(options: Options()) }

    /// Creates a sink.
    public init(options: Options) { self.options = options }

    /// The columns whose values this sink keys on (decoded for every row).
    public var keyColumns: [CostColumn] {
        [
            .billingCurrency, .billingProfileId, .billingProfileName, .invoiceSectionId, .invoiceSectionName,
            .subscriptionId, .subscriptionName, .resourceGroup, .meterCategory, .consumedService, .serviceName,
            .serviceCategory, .resourceType, .publisherName, .publisherType, .tags, .costAllocationRuleName,
            .chargeType, .pricingModel, .benefitId,
        ]
    }

    /// Adds a row's cost to its key's sums; returns why the row is filtered, or nil when it is used.
    public mutating func add(_ record: CostRecord, pool: StringPool) -> String? {
        if let month = options.billingMonth, let day = record.billingPeriodStart ?? record.date, !month.contains(day) {
            return FilterReason.otherBillingPeriod
        }
        var row = AllocationSums()
        row.cost = record.cost ?? .zero
        row.billed = record.billedCost ?? .zero
        row.effective = record.effectiveCost ?? .zero
        row.rows = 1
        row.firstDay = record.date
        let currency = record[.billingCurrency]
        if record.isCostAllocation {
            azureRows[currency, default: AzureRowSums()].rows += 1
            azureRows[currency, default: AzureRowSums()].sums.add(row)
            azureRules.insert(record[.costAllocationRuleName])
            if options.stripAzureAllocationRows { return FilterReason.costAllocation }
        }
        coverage.add(record)
        var key = AllocationKey()
        key.currency = currency
        key.billingProfileId = record[.billingProfileId]
        key.billingProfileName = record[.billingProfileName]
        key.invoiceSectionId = record[.invoiceSectionId]
        key.invoiceSectionName = record[.invoiceSectionName]
        key.subscriptionId = record[.subscriptionId]
        key.subscriptionName = record[.subscriptionName]
        key.resourceGroup = record[.resourceGroup]
        key.meterCategory = record[.meterCategory]
        key.consumedService = record[.consumedService]
        key.serviceName = record[.serviceName]
        key.serviceCategory = record[.serviceCategory]
        key.resourceType = record[.resourceType]
        key.publisherName = record[.publisherName]
        key.publisherType = record[.publisherType]
        key.tags = record[.tags]
        key.azureRule = record[.costAllocationRuleName]
        key.chargeType = record[.chargeType]
        key.pricingModel = record[.pricingModel]
        key.benefitId = record[.benefitId]
        key.segment = segment(of: record.date)
        if lastSlot >= 0 && key == lastKey {
            sums[lastSlot].add(row)
            return nil
        }
        let slot: Int
        if let found = slots.find(key, in: keys) {
            slot = found
            sums[slot].add(row)
        } else {
            slot = keys.count
            keys.append(key)
            sums.append(row)
        }
        lastKey = key
        lastSlot = slot
        return nil
    }

    /// The segment of a date: the number of boundaries on or before it.
    @inline(__always) mutating func segment(of date: Day?) -> UInt16 {
        guard !options.boundaries.isEmpty, let date else { return 0 }
        if date == lastDate { return lastSegment }
        var count: UInt16 = 0
        for boundary in options.boundaries where boundary <= date { count += 1 }
        lastDate = date
        lastSegment = count
        return count
    }

    /// Adds another range's sums to these, its string ids mapped by `remap` and its line numbers shifted by `lineShift`.
    public mutating func merge(_ other: AllocationRollupSink, remap: IDRemap, lineShift: Int) {
        for (index, key) in other.keys.enumerated() {
            let mapped = key.remapped(remap)
            if let slot = slots.find(mapped, in: keys) {
                sums[slot].add(other.sums[index])
            } else {
                keys.append(mapped)
                sums.append(other.sums[index])
            }
        }
        lastSlot = -1
        for (currency, entry) in other.azureRows {
            azureRows[remap[currency], default: AzureRowSums()].rows += entry.rows
            azureRows[remap[currency], default: AzureRowSums()].sums.add(entry.sums)
        }
        azureRules.merge(other.azureRules, remap: remap)
        coverage.merge(other.coverage)
    }

    /// The number of distinct keys held.
    public var count: Int { keys.count }

    /// The ids of the Azure cost-allocation rule names seen.
    var azureRuleIDs: [UInt32] { azureRules.members }
}
