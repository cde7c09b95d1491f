/// The provenance an allocated amount keeps wherever pools move it.
struct LineAttributes: Hashable, Sendable {
    var sourceKey: String
    var subscriptionId: String
    var subscriptionName: String
    var resourceGroup: String
    var meterCategory: String
    var serviceCategory: String
    var chargeType: String
    /// False on a target row of an Azure cost-allocation rule that carries its source's resource
    /// group (``RuleEngine/readsResourceGroup(of:)``): pools, like the rules, do not match on it.
    var ownResourceGroup = true

    /// The values a pool's `match` sees for a field.
    func values(of field: MatchField) -> [String] {
        switch field {
        case .subscription: return [subscriptionId, subscriptionName]
        case .resourceGroup: return ownResourceGroup ? [resourceGroup] : []
        case .meterCategory: return [meterCategory]
        case .serviceCategory: return [serviceCategory]
        case .chargeType: return [chargeType]
        default: return []
        }
    }

    func matches(_ match: RuleMatch) -> Bool {
        match.conditions.allSatisfy { condition in
            values(of: condition.field).contains { value in condition.patterns.contains { $0.matches(value) } }
        }
    }

    /// The output order of lines: field by field, by bytes (``ByteOrder``).
    static func compare(_ a: LineAttributes, _ b: LineAttributes) -> Int {
        var order = ByteOrder.compare(a.sourceKey, b.sourceKey)
        if order == 0 { order = ByteOrder.compare(a.subscriptionId, b.subscriptionId) }
        if order == 0 { order = ByteOrder.compare(a.subscriptionName, b.subscriptionName) }
        if order == 0 { order = ByteOrder.compare(a.resourceGroup, b.resourceGroup) }
        if order == 0 { order = ByteOrder.compare(a.meterCategory, b.meterCategory) }
        if order == 0 { order = ByteOrder.compare(a.serviceCategory, b.serviceCategory) }
        if order == 0 { order = ByteOrder.compare(a.chargeType, b.chargeType) }
        if order == 0 && a.ownResourceGroup != b.ownResourceGroup { order = a.ownResourceGroup ? -1 : 1 }
        return order
    }

    static func < (a: LineAttributes, b: LineAttributes) -> Bool { compare(a, b) < 0 }
}

/// An amount, in whole minor units, sitting in a cost center: where pools take cost from.
struct Piece: Sendable {
    var costCenter: Int
    var currency: CurrencyCode
    var units: Int128
    var attributes: LineAttributes
    /// Still where it is (a pool that takes it marks it moved).
    var live = true
}

/// The state of an allocation between steps: the live pieces and every line written so far.
struct AllocationLedger {
    var pieces: [Piece] = []
    var lines: [AllocationLine] = []
    /// Exact direct cost per cost center, currency and service category (the proportional basis).
    var directBasis: [Int: [CurrencyCode: [String: Amount]]] = [:]

    /// Σ live units per currency.
    var liveTotals: [CurrencyCode: Int128] {
        var totals: [CurrencyCode: Int128] = [:]
        for piece in pieces where piece.live { totals[piece.currency, default: 0] += piece.units }
        return totals
    }

    /// The direct cost of a cost center on a basis.
    func basis(_ costCenter: Int, _ currency: CurrencyCode, _ basis: ProportionalBasis) -> Amount {
        let categories = directBasis[costCenter]?[currency] ?? [:]
        switch basis {
        case .total: return categories.values.reduce(.zero, +)
        case .serviceCategory(let name):
            return categories.filter { $0.key.lowercased() == name.lowercased() }.values.reduce(.zero, +)
        }
    }
}

extension Amount {
    /// The amount as whole minor units (it must already be whole).
    func wholeMinorUnits(_ digits: Int) -> Int128 { units / Pow10.table[Amount.scale - digits] }
}
