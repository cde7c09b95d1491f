/// The key of an invoice line: invoice section, product order, service family and meter name.
struct FixtureLineKey: Hashable, Comparable {
    var profile: Int
    var section: Int
    var productOrderName: String
    var serviceFamily: String
    var meterName: String

    static func < (lhs: FixtureLineKey, rhs: FixtureLineKey) -> Bool {
        if lhs.profile != rhs.profile { return lhs.profile < rhs.profile }
        if lhs.section != rhs.section { return lhs.section < rhs.section }
        if lhs.productOrderName != rhs.productOrderName {
            return ByteOrder.precedes(lhs.productOrderName, rhs.productOrderName)
        }
        if lhs.serviceFamily != rhs.serviceFamily { return ByteOrder.precedes(lhs.serviceFamily, rhs.serviceFamily) }
        return ByteOrder.precedes(lhs.meterName, rhs.meterName)
    }
}

/// What an invoice line shows besides its amounts, taken from the first meter seen for the key.
struct FixtureLineDetails {
    /// The line's `productDescription`: the meter name, or the product name for Marketplace
    /// lines, which have no meter.
    var description: String
    var productType: String
    var productTypeId: String
    var unitOfMeasure: String
    var effectivePrice: Amount
    var marketPrice: Amount
    var transactionType: String
    var day: Int
}

/// Running totals of the written cost rows: per invoice line, per currency and per charge type.
///
/// Memory is bounded by the number of distinct line keys, never by rows.
struct FixtureLedger {
    private(set) var keys: [FixtureLineKey] = []
    private(set) var details: [FixtureLineDetails] = []
    private var indexByKey: [FixtureLineKey: Int] = [:]
    /// Σ costInBillingCurrency of the actual rows per line (cost-allocation rows excluded).
    var lineCost: [Amount] = []
    var lineQuantity: [Amount] = []
    var lineRows: [Int] = []

    /// The line index for a key, registering it on first use.
    mutating func line(_ key: FixtureLineKey, details: @autoclosure () -> FixtureLineDetails) -> Int {
        if let index = indexByKey[key] { return index }
        let index = keys.count
        keys.append(key)
        self.details.append(details())
        indexByKey[key] = index
        lineCost.append(.zero)
        lineQuantity.append(.zero)
        lineRows.append(0)
        return index
    }

    /// Adds one actual cost row to its line.
    mutating func add(line: Int, cost: Amount, quantity: Amount) {
        lineCost[line] += cost
        lineQuantity[line] += quantity
        lineRows[line] += 1
    }
}

/// Row counts and sums of one written export run.
struct FixtureRunTotals {
    var rows = 0
    /// Σ costInBillingCurrency per billing profile (each profile has one currency).
    var costByProfile: [Amount]
    var allocationRows = 0
    var rowsByChargeType: [String: Int] = [:]
    /// Plain usage rows counted on the fast path, merged into `rowsByChargeType` by `chargeTypeCounts`.
    var fastUsageRows = 0

    init(profiles: Int) { costByProfile = Array(repeating: .zero, count: profiles) }

    mutating func count(profile: Int, cost: Amount, chargeType: String, allocation: Bool) {
        rows += 1
        costByProfile[profile] += cost
        rowsByChargeType[chargeType, default: 0] += 1
        if allocation { allocationRows += 1 }
    }

    /// Counts a plain usage row without touching the dictionary.
    mutating func countUsage(profile: Int, cost: Amount) {
        rows += 1
        costByProfile[profile] += cost
        fastUsageRows += 1
    }

    /// Rows per charge type, sorted by name.
    var chargeTypeCounts: [(String, Int)] {
        var merged = rowsByChargeType
        if fastUsageRows > 0 { merged["Usage", default: 0] += fastUsageRows }
        return merged.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}
