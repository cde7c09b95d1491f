/// A shared-cost pool: cost taken from one cost center (or an off-bill amount) and split among
/// target cost centers. Pools run in the order written; a later pool may split cost that an earlier
/// one moved.
///
/// ```yaml
/// pools:
///   - name: shared-log-analytics
///     from: IT-SHARED                       # drain this cost center …
///     match: { meter_category: Log Analytics }   # … only these lines of it
///     method: proportional                  # even | percent | proportional | driver
///     basis: compute                        # total | compute | storage | network | <service category>
///     to: { leaves_of: us }                 # or a list of ids, or { children_of: X }
///   - name: support-contract
///     amount: { value: 2500.01, currency: USD }   # an off-bill amount
///     method: even
///     to: [platform, digital, corporate]
/// ```
public struct PoolSpec: Sendable {
    /// The name written into every line the pool moves.
    public var name: String
    /// What is split.
    public var source: PoolSource
    /// How it is split.
    public var method: PoolMethod
    /// Who receives it (for `percent` and `driver` the shares and the driver file name them).
    public var targets: PoolTargets
    /// The Azure cost-allocation rule this pool stands for. When the data keeps that rule's rows
    /// (`azure_allocation_rows: respect`), the pool is skipped so the split never happens twice.
    public var replacesAzureRule: String?
    /// For an off-bill amount: the account credited for it in the journal (default: the journal's
    /// credit account).
    public var creditAccount: String?
    /// The months it runs in (whole months).
    public var validity: Validity
    /// Where it was written.
    public var location: ConfigLocation
    /// Where each of its keys' values was written (`from`, `to`, `shares`, `remainder_to`), so a
    /// later check points at the value at fault, not at the pool's first line.
    public var keyLocations: [String: ConfigLocation] = [:]

    /// Where the value of `key` was written, or the pool's own location.
    public func location(of key: String) -> ConfigLocation { keyLocations[key] ?? location }

    /// Creates a pool.
    public init(
        name: String,
        source: PoolSource,
        method: PoolMethod,
        targets: PoolTargets = .list([]),
        replacesAzureRule: String? = nil,
        creditAccount: String? = nil,
        validity: Validity = .always,
        location: ConfigLocation = .code
    ) {
        self.name = name
        self.source = source
        self.method = method
        self.targets = targets
        self.replacesAzureRule = replacesAzureRule
        self.creditAccount = creditAccount
        self.validity = validity
        self.location = location
    }
}

/// What a pool splits.
public enum PoolSource: Sendable {
    /// The balance of a cost center when the pool runs (direct cost and what earlier pools moved
    /// in), optionally only the lines that match.
    case costCenter(String, match: RuleMatch)
    /// An amount not on the bill (a support contract, licences), entered in the configuration.
    case offBill(Money)
}

/// How a pool is split.
public enum PoolMethod: Sendable {
    /// Equal parts.
    case even
    /// Fixed percentages of the targets. They must total 100, unless `remainderTo` names where the
    /// rest goes (a cost center id, or `source` to keep it in the pool's cost center).
    case percent([(costCenter: String, percent: Amount)], remainderTo: String?)
    /// In proportion to each target's own direct cost (before any pool) in the same currency: the
    /// total, or only one service category. Targets with no such cost receive nothing.
    case proportional(ProportionalBasis, ifNoBasis: NoBasisFallback)
    /// In proportion to a usage figure per cost center from a CSV file (GB ingested, tickets, seats).
    case driver(DriverTable)

    /// The word used in outputs.
    public var label: String {
        switch self {
        case .even: return "even"
        case .percent: return "percent"
        case .proportional(let basis, _): return "proportional to \(basis.label)"
        case .driver(let table): return "driver \(table.file)"
        }
    }
}

/// The cost a proportional split weighs targets by.
public enum ProportionalBasis: Hashable, Sendable {
    /// All direct cost.
    case total
    /// Direct cost in one FinOps-toolkit service category (`Compute`, `Storage`, `Networking`, …).
    case serviceCategory(String)

    /// `total cost`, `Compute cost`.
    public var label: String {
        switch self {
        case .total: return "total cost"
        case .serviceCategory(let name): return "\(name) cost"
        }
    }
}

/// What a proportional pool does when no target has any cost of the basis.
public enum NoBasisFallback: String, Sendable, CaseIterable {
    /// Split evenly instead (the default; the audit line says so).
    case even
    /// Leave the cost where it is (the audit line says so).
    case keep
    /// Stop the run with an error.
    case error
}

/// Usage per cost center for a driver split.
public struct DriverTable: Sendable {
    /// The file, for messages (as the configuration names it).
    public var file: String
    /// The path read (resolved against the configuration's folder), or `nil` for a table not read
    /// from a file.
    public var path: String?
    /// Cost center id and quantity, in file order.
    public var rows: [(costCenter: String, quantity: Amount, location: ConfigLocation)]
    /// The `period` the rows were taken for (`driver.period`), when one was given.
    public var period: String?

    /// Creates a table.
    public init(
        file: String,
        path: String? = nil,
        rows: [(costCenter: String, quantity: Amount, location: ConfigLocation)],
        period: String? = nil
    ) {
        self.file = file
        self.path = path
        self.rows = rows
        self.period = period
    }
}

/// Who receives a pool.
public enum PoolTargets: Hashable, Sendable {
    /// These cost centers.
    case list([String])
    /// The children of a cost center.
    case childrenOf(String)
    /// The leaves below a cost center.
    case leavesOf(String)
}
