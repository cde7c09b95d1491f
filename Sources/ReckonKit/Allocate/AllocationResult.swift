/// A failure of the allocation itself: money not conserved, a pool with no basis set to `error`,
/// a journal that does not balance. It names the step so the run can be checked.
public struct AllocationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The step: `mapping`, `rounding`, `pool 2 (support-contract)`, `journal`; empty for a
    /// problem with the input (``init(input:)``).
    public var step: String
    /// What went wrong, with the amounts.
    public var problem: String

    /// Creates an error.
    public init(step: String, problem: String) {
        self.step = step
        self.problem = problem
    }

    /// A problem with what the allocation was given (no cost rows, rows of several months), found
    /// before any step ran.
    public init(input problem: String) { self.init(step: "", problem: problem) }

    /// The error as one line: the step that failed, and why.
    public var description: String { step.isEmpty ? "cannot allocate: \(problem)" : "allocation \(step): \(problem)" }
}

/// How an allocated line came about.
public enum AllocationLineKind: String, Hashable, Sendable, Codable {
    /// A rule mapped bill cost to the cost center (step 0).
    case direct
    /// A pool moved cost into the cost center.
    case sharedIn = "shared_in"
    /// A pool moved cost out of the cost center (negative).
    case sharedOut = "shared_out"
}

/// One line of `allocations.csv`: an amount in whole minor units charged to a cost center, with
/// its provenance. The lines of a cost center sum to its total; all lines of a currency sum to the
/// bill (rounded to the minor unit) plus the off-bill amounts.
public struct AllocationLine: Hashable, Sendable {
    /// 0 for the mapping rules; 1, 2, … for the pools in order.
    public var step: Int
    /// The rule or pool.
    public var rule: String
    /// Direct, or moved in or out by a pool.
    public var kind: AllocationLineKind
    /// The cost center charged (id).
    public var costCenter: String
    /// For pool lines: the pool's source cost center (the providing one for an off-bill amount: empty).
    public var fromCostCenter: String
    /// Where the money comes from: `bill:<billing profile>/<invoice section>` or `offbill:<pool>`.
    public var sourceKey: String
    /// Subscription id of the source cost (empty when several or none).
    public var subscriptionId: String
    /// Subscription name.
    public var subscriptionName: String
    /// Resource group.
    public var resourceGroup: String
    /// Meter category.
    public var meterCategory: String
    /// Service category.
    public var serviceCategory: String
    /// Charge type.
    public var chargeType: String
    /// Currency.
    public var currency: CurrencyCode
    /// The amount, a whole number of the currency's minor units.
    public var amount: Amount
    /// Why: the value the rule matched, or the share and the basis of a pool split.
    public var basis: String
}

/// One cost center's chargeback in one currency.
public struct CostCenterCharge: Hashable, Sendable {
    /// The cost center (id).
    public var costCenter: String
    /// The currency.
    public var currency: CurrencyCode
    /// Cost mapped to it by rules.
    public var direct: Amount
    /// Cost pools moved in from other cost centers or off-bill amounts.
    public var sharedReceived: Amount
    /// Cost pools moved out to other cost centers (a positive number when cost left). A pool's
    /// share kept by its own source (`remainder_to: source`) is neither given nor received.
    public var sharedGiven: Amount
    /// direct + received − given: what it is charged.
    public var total: Amount
    /// Its total plus all cost centers below it.
    public var subtreeTotal: Amount
    /// The monthly budget in this currency, if any.
    public var budget: Amount?
    /// subtreeTotal ÷ budget × 100, rounded to one decimal.
    public var budgetUsedPercent: Amount?

    /// How far the subtree total is over the budget, or nil when it is within it (or there is none).
    public var overBudget: Amount? {
        guard let budget, subtreeTotal > budget else { return nil }
        return subtreeTotal - budget
    }
}

/// How a currency's total is made up, with the chargeback's own columns: total = direct + shared
/// received − shared given, each the sum of that column of `chargeback.csv`.
public struct AllocationShares: Hashable, Sendable {
    /// The currency.
    public var currency: CurrencyCode
    /// Everything allocated: the bill rounded to the minor unit plus off-bill amounts.
    public var total: Amount
    /// Σ `direct`: cost the rules mapped to cost centers, before any pool (also what a pool later
    /// moved on); always the bill rounded to the minor unit.
    public var direct: Amount
    /// Σ `shared_received`: what pools moved in from other cost centers, and off-bill amounts.
    public var sharedReceived: Amount
    /// Σ `shared_given`: what pools moved out to other cost centers.
    public var sharedGiven: Amount
    /// The unallocated cost center's total: a part of `total`, not a further term.
    public var unallocated: Amount
    /// Off-bill amounts included in the total.
    public var offBill: Amount
    /// The bill's exact total before rounding.
    public var billExact: Amount
    /// The bill rounded to the minor unit (what the cost centers share).
    public var billRounded: Amount

    /// A part as a percentage of the total, one decimal.
    public func percent(_ part: Amount) -> Amount? {
        guard !total.isZero, let ratio = part.divided(by: total), let percent = ratio.multiplied(by: Amount(100)) else {
            return nil
        }
        return percent.rounded(scale: 1)
    }
}

/// What one pool did in one currency: the audit line.
public struct PoolStepRecord: Hashable, Sendable {
    /// The step number (1 for the first pool).
    public var step: Int
    /// The pool.
    public var pool: String
    /// The currency.
    public var currency: CurrencyCode
    /// The source cost center (empty for an off-bill amount).
    public var from: String
    /// The method, e.g. "proportional to Compute cost".
    public var method: String
    /// The amount split.
    public var amount: Amount
    /// Each target, its share and why.
    public var shares: [PoolShare]
    /// What happened, in words (also when nothing moved, and why).
    public var outcome: String
}

/// One target's part of a pool.
public struct PoolShare: Hashable, Sendable {
    /// The target cost center (id).
    public var costCenter: String
    /// Its share, in whole minor units.
    public var amount: Amount
    /// Why: the weight and basis.
    public var basis: String
}

/// Something the user should know: a tag key written several ways, a tag value that names no cost
/// center, subscriptions that ended up unallocated.
public struct AllocationDiagnostic: Hashable, Sendable, CustomStringConvertible {
    /// How much it matters.
    public enum Severity: String, Hashable, Sendable, Comparable {
        /// For information.
        case note
        /// Cost may be charged to the wrong place.
        case warning

        /// Notes sort before warnings.
        public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs == .note && rhs == .warning }
    }

    /// The severity.
    public var severity: Severity
    /// The message, with amounts.
    public var message: String

    /// The outcome as one line: its severity, then its message.
    public var description: String { "\(severity.rawValue): \(message)" }
}

/// Everything the allocation produced.
public struct AllocationResult: Sendable {
    /// The month.
    public var period: AllocationPeriod
    /// The statement line on the cost used: "amortized cost (EffectiveCost)", or actual with why.
    public var costBasis: String
    /// The statement line on Azure cost-allocation rows: none, respected or stripped.
    public var azureAllocationRows: String
    /// The cost centers, sorted by path.
    public var costCenters: [CostCenterNode]
    /// Every allocated line, sorted by step, cost-center path and provenance.
    public var lines: [AllocationLine]
    /// Per cost center and currency, sorted by path then currency.
    public var charges: [CostCenterCharge]
    /// Per currency: direct, shared, unallocated.
    public var shares: [AllocationShares]
    /// One audit record per pool and currency, in order.
    public var steps: [PoolStepRecord]
    /// Notes and warnings, sorted.
    public var diagnostics: [AllocationDiagnostic]
    /// Conservation checks that passed, in words (one per step and currency).
    public var checks: [String]
    /// The journal.
    public var journal: Journal
}
