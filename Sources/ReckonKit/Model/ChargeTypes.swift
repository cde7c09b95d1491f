/// The values of Azure's `ChargeType` and `PricingModel` columns that Reckon tells apart, spelled
/// once for the reader's metric inference, reconciliation, allocation, `trace` and the cost bridge.
public enum AzureCharge {
    /// Ordinary consumption.
    public static let usage = "Usage"
    /// A purchase: a reservation, a savings plan or a Marketplace offer.
    public static let purchase = "Purchase"
    /// A refund of an earlier purchase (a negative cost).
    public static let refund = "Refund"
    /// Azure's rounding of an invoice's total.
    public static let roundingAdjustment = "RoundingAdjustment"
    /// A credit or other adjustment.
    public static let adjustment = "Adjustment"
    /// Reservation commitment nobody used: in amortized cost only.
    public static let unusedReservation = "UnusedReservation"
    /// Savings-plan commitment nobody used: in amortized cost only.
    public static let unusedSavingsPlan = "UnusedSavingsPlan"
    /// The pricing model of usage a reservation covers (its price is the commitment's, not a list
    /// price), as for a savings plan.
    public static let reservation = "Reservation"
    /// The pricing model of usage a savings plan covers.
    public static let savingsPlan = "SavingsPlan"
}

/// What kind of charge a cost row is, for reconciliation.
public enum ChargeKind: UInt8, Sendable, Codable, Comparable {
    case usage
    case purchase
    case refund
    case rounding
    case other

    /// Kinds sort by their raw value, so reports list them in a stable order.
    public static func < (lhs: ChargeKind, rhs: ChargeKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The pool ids of the ``AzureCharge`` values, so that the hot path compares ids, not text.
struct KnownCharges: Sendable {
    let usage: UInt32
    let purchase: UInt32
    let refund: UInt32
    let rounding: UInt32
    let adjustment: UInt32
    let reservation: UInt32
    let savingsPlan: UInt32
    let unusedReservation: UInt32
    let unusedSavingsPlan: UInt32

    /// Interns the values into a reader's pool when it is made, so every stage can look them up
    /// from the first row on. (FOCUS's `Credit` and `Tax` are interned too, always in this order,
    /// so the pool's first ids are the same for every file.)
    init(interningInto pool: inout StringPool) {
        usage = pool.intern(AzureCharge.usage)
        rounding = pool.intern(AzureCharge.roundingAdjustment)
        adjustment = pool.intern(AzureCharge.adjustment)
        for focus in ["Credit", "Tax"] { _ = pool.intern(focus) }
        purchase = pool.intern(AzureCharge.purchase)
        refund = pool.intern(AzureCharge.refund)
        unusedReservation = pool.intern(AzureCharge.unusedReservation)
        unusedSavingsPlan = pool.intern(AzureCharge.unusedSavingsPlan)
        reservation = pool.intern(AzureCharge.reservation)
        savingsPlan = pool.intern(AzureCharge.savingsPlan)
    }

    /// Looks the ids up; a value the pool has never seen gets an id no row has.
    init(pool: StringPool) {
        func id(_ text: String) -> UInt32 { pool.lookup(text) ?? .max }
        usage = id(AzureCharge.usage)
        purchase = id(AzureCharge.purchase)
        refund = id(AzureCharge.refund)
        rounding = id(AzureCharge.roundingAdjustment)
        adjustment = id(AzureCharge.adjustment)
        reservation = id(AzureCharge.reservation)
        savingsPlan = id(AzureCharge.savingsPlan)
        unusedReservation = id(AzureCharge.unusedReservation)
        unusedSavingsPlan = id(AzureCharge.unusedSavingsPlan)
    }

    /// The kind of invoice line a row of this charge type is on: unused commitment is usage.
    func kind(of chargeType: UInt32) -> ChargeKind {
        switch chargeType {
        case usage, unusedReservation, unusedSavingsPlan: return .usage
        case purchase: return .purchase
        case refund: return .refund
        case rounding, adjustment: return .rounding
        default: return .other
        }
    }
}
