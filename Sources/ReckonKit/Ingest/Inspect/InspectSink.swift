/// Collects what `reckon inspect` shows about one cost file: totals per currency, the period,
/// distinct keys and charge types. Azure cost-allocation rows are filtered (they move cost between
/// resources and are not on the invoice) and their net is kept apart.
public struct InspectSink: MergeableSink {
    struct Totals: Sendable {
        var rows = 0
        var cost = Amount.zero
        var billed = Amount.zero
        var effective = Amount.zero
    }

    var totals: [UInt32: Totals] = [:]
    var allocationNet: [UInt32: Amount] = [:]
    var coverage = DateCoverage()
    var invoices = IDSet()
    var subscriptions = IDSet()
    var meters = IDSet()
    var resourceGroups = IDSet()
    var chargeTypes = IDCounter()
    var providers = IDSet()
    var tagSets = IDCounter()
    var lastCurrency: UInt32 = .max
    var current = Totals()

    /// Creates an empty sink.
    public init() {}

    /// The columns whose values inspect counts (decoded for every row).
    public var keyColumns: [CostColumn] {
        [
            .billingCurrency, .chargeType, .invoiceId, .subscriptionId, .meterId, .resourceGroup, .providerName,
            .costAllocationRuleName, .tags,
        ]
    }

    /// Counts the row and adds its costs to the totals; returns nil (inspect filters nothing).
    public mutating func add(_ record: CostRecord, pool: StringPool) -> String? {
        let currency = record[.billingCurrency]
        if record.isCostAllocation {
            allocationNet[currency, default: .zero] += record.cost ?? record.billedCost ?? .zero
            return FilterReason.costAllocation
        }
        if currency != lastCurrency {
            if lastCurrency != .max { totals[lastCurrency] = current }
            current = totals[currency] ?? Totals()
            lastCurrency = currency
        }
        current.rows += 1
        if let cost = record.cost { current.cost += cost }
        if let billed = record.billedCost { current.billed += billed }
        if let effective = record.effectiveCost { current.effective += effective }
        coverage.add(record)
        if record[.invoiceId] != 0 { invoices.insert(record[.invoiceId]) }
        if record[.subscriptionId] != 0 { subscriptions.insert(record[.subscriptionId]) }
        if record[.meterId] != 0 { meters.insert(record[.meterId]) }
        if record[.resourceGroup] != 0 { resourceGroups.insert(record[.resourceGroup]) }
        if record[.providerName] != 0 { providers.insert(record[.providerName]) }
        chargeTypes.add(record[.chargeType])
        tagSets.add(record[.tags])
        return nil
    }

    /// Adds another range's counts to these, its string ids mapped by `remap`.
    public mutating func merge(_ other: InspectSink, remap: IDRemap, lineShift: Int) {
        var otherTotals = other.totals
        if other.lastCurrency != .max { otherTotals[other.lastCurrency] = other.current }
        if lastCurrency != .max {
            totals[lastCurrency] = current
            lastCurrency = .max
        }
        for (id, entry) in otherTotals {
            var mine = totals[remap[id]] ?? Totals()
            mine.rows += entry.rows
            mine.cost += entry.cost
            mine.billed += entry.billed
            mine.effective += entry.effective
            totals[remap[id]] = mine
        }
        for (id, net) in other.allocationNet { allocationNet[remap[id], default: .zero] += net }
        coverage.merge(other.coverage)
        invoices.merge(other.invoices, remap: remap)
        subscriptions.merge(other.subscriptions, remap: remap)
        meters.merge(other.meters, remap: remap)
        resourceGroups.merge(other.resourceGroups, remap: remap)
        providers.merge(other.providers, remap: remap)
        chargeTypes.merge(other.chargeTypes, remap: remap)
        tagSets.merge(other.tagSets, remap: remap)
    }

    /// The summary of the file, once read.
    func summary(of result: FileReadResult, pool: StringPool) -> FileInspection {
        var totals = self.totals
        if lastCurrency != .max { totals[lastCurrency] = current }
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
                    currency: code.code,
                    rows: entry.rows,
                    billedCost: billed,
                    effectiveCost: effective,
                    costAllocationNet: allocationNet[id]
                )
            )
        }
        for (id, net) in allocationNet where totals[id] == nil {
            currencies.append(
                CurrencyTotals(
                    currency: CurrencyCode(pool.string(id)).code,
                    rows: 0,
                    billedCost: nil,
                    effectiveCost: nil,
                    costAllocationNet: net
                )
            )
        }
        currencies = CurrencyTotals.merged(currencies)
        let charges = chargeTypes.counts.map { (pool.string($0.id), $0.count) }.sorted { $0.0 < $1.0 }
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
            firstDay: coverage.firstDay?.description,
            lastDay: coverage.lastDay?.description,
            billingPeriods: coverage.periods.sorted { $0.lowerBound < $1.lowerBound }
                .map { "\($0.lowerBound)..\($0.upperBound)" },
            counts: result.counts,
            totals: currencies,
            distinctInvoices: invoices.count,
            distinctSubscriptions: subscriptions.count,
            distinctResourceGroups: resourceGroups.count,
            distinctMeters: meters.count,
            providers: providers.members.map { pool.string($0) }.sorted(),
            tags: TagSummary(counts: tagSets, pool: pool),
            chargeTypes: charges
        )
    }
}

/// A set of interned ids as a bit array: ids are small and dense, so this beats hashing.
struct IDSet: Sendable {
    var words: [UInt64] = []
    /// The number of ids in the set.
    private(set) var count = 0

    @inline(__always) mutating func insert(_ id: UInt32) {
        let word = Int(id >> 6)
        if word >= words.count {
            words.append(contentsOf: repeatElement(0, count: word - words.count + 1 + words.count / 2))
        }
        let bit: UInt64 = 1 << UInt64(id & 63)
        if words[word] & bit == 0 {
            words[word] |= bit
            count += 1
        }
    }

    mutating func merge(_ other: IDSet, remap: IDRemap) { for id in other.members { insert(remap[id]) } }

    /// The ids, in increasing order.
    var members: [UInt32] {
        var result: [UInt32] = []
        for (index, word) in words.enumerated() where word != 0 {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { result.append(UInt32(index * 64 + bit)) }
        }
        return result
    }
}

/// Counts per interned id in a dense array.
struct IDCounter: Sendable {
    var values: [Int] = []

    @inline(__always) mutating func add(_ id: UInt32, _ count: Int = 1) {
        let index = Int(id)
        if index >= values.count {
            values.append(contentsOf: repeatElement(0, count: index - values.count + 1 + values.count / 2))
        }
        values[index] += count
    }

    mutating func merge(_ other: IDCounter, remap: IDRemap) {
        for (id, count) in other.counts { add(remap[id], count) }
    }

    /// The ids with a non-zero count.
    var counts: [(id: UInt32, count: Int)] {
        values.enumerated().compactMap { $0.element != 0 ? (UInt32($0.offset), $0.element) : nil }
    }
}

/// What the tags of a file look like: how many rows carry none, which keys appear, and which keys
/// collide once trimmed and lower-cased.
public struct TagSummary: Hashable, Sendable, Codable {
    /// Rows with no tags at all.
    public var untaggedRows: Int
    /// Distinct raw tag strings.
    public var distinctTagSets: Int
    /// Distinct keys after trimming and lower-casing.
    public var distinctKeys: Int
    /// Groups of keys as written that match the same key, e.g. `["CostCenter", " costcenter"]`.
    public var collisions: [[String]]
    /// Distinct raw tag strings that are not valid JSON pairs (kept raw, counted as untagged).
    public var malformedTagSets: Int

    init(counts: IDCounter, pool: StringPool) {
        var untagged = 0
        var distinct = 0
        var malformed = 0
        var spellings: [String: Set<String>] = [:]
        for (id, rows) in counts.counts {
            if id == 0 {
                untagged += rows
                continue
            }
            distinct += 1
            do {
                let tags = try TagParser.parse(pool.string(id))
                if tags.isEmpty { untagged += rows }
                for tag in tags { spellings[tag.matchingKey, default: []].insert(tag.key) }
            } catch {
                malformed += 1
                untagged += rows
            }
        }
        untaggedRows = untagged
        distinctTagSets = distinct
        distinctKeys = spellings.count
        collisions = spellings.values.filter { $0.count > 1 }.map { $0.sorted() }
            .sorted { $0.lexicographicallyPrecedes($1) }
        malformedTagSets = malformed
    }
}
