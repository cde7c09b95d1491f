/// From the cost on the invoices to the cost charged back, per currency and kind of charge.
///
/// Invoices are reconciled with actual cost, and the chargeback is usually built on amortized
/// cost: a reservation or savings plan bought this month is a `Purchase` in actual cost, and in
/// amortized cost it is spread over the usage it covers, with the part not used as
/// `UnusedReservation` or `UnusedSavingsPlan` rows. This table puts the two side by side, so the
/// difference between the invoices' cost rows and the chargeback can be followed line by line.
public struct CostBridge: Sendable, Equatable {
    /// One kind of charge.
    public struct Row: Sendable, Equatable {
        /// What the row holds.
        public var label: String
        /// Σ actual cost (the rows the invoices are reconciled with).
        public var actual: Amount
        /// Σ cost the chargeback allocated.
        public var charged: Amount
    }

    /// The currency code.
    public var currency: String
    /// The kinds of charge with a cost on either side, in a fixed order.
    public var rows: [Row]

    /// The kinds, in order, as the two sides name them.
    static let kinds: [(label: String, actual: ChargeKind?, chargeTypes: Set<String>)] = [
        ("Usage", .usage, [AzureCharge.usage]),
        ("Unused reservations and savings plans", nil, [AzureCharge.unusedReservation, AzureCharge.unusedSavingsPlan]),
        ("Purchases", .purchase, [AzureCharge.purchase]), ("Refunds", .refund, [AzureCharge.refund]),
        ("Rounding and adjustments", .rounding, [AzureCharge.roundingAdjustment, AzureCharge.adjustment]),
    ]

    /// The bridge per currency present on either side, by code. Charge types the table does not
    /// name go to "Other", so each column adds up to its side's total.
    public static func make(actual: [String: [ChargeKind: Amount]], charged: [String: [String: Amount]]) -> [CostBridge]
    {
        Set(actual.keys).union(charged.keys).sorted()
            .map { currency in
                let actualSide = actual[currency] ?? [:]
                let chargedSide = charged[currency] ?? [:]
                let named = kinds.reduce(into: Set<String>()) { $0.formUnion($1.chargeTypes) }
                var rows = kinds.map { kind in
                    Row(
                        label: kind.label,
                        actual: kind.actual.map { actualSide[$0] ?? .zero } ?? .zero,
                        charged: kind.chargeTypes.reduce(Amount.zero) { $0 + (chargedSide[$1] ?? .zero) }
                    )
                }
                rows.append(
                    Row(
                        label: "Other",
                        actual: actualSide[.other] ?? .zero,
                        charged: chargedSide.filter { !named.contains($0.key) }.values.reduce(Amount.zero, +)
                    )
                )
                return CostBridge(currency: currency, rows: rows.filter { !$0.actual.isZero || !$0.charged.isZero })
            }
    }

    /// The rows as shown: every amount rounded to `digits` on its own, the totals rounded once,
    /// and a "Rounding to the minor unit" row when the rounded rows would not add up to the
    /// rounded totals, so each column adds up as displayed (a row's difference is then its
    /// displayed charged minus its displayed actual).
    public func displayed(digits: Int) -> (rows: [Row], total: Row) {
        func round(_ amount: Amount) -> Amount { amount.rounded(scale: digits) }
        var shown = rows.map { Row(label: $0.label, actual: round($0.actual), charged: round($0.charged)) }
        let total = Row(label: "Total \(currency)", actual: round(actualTotal), charged: round(chargedTotal))
        let actualGap = total.actual - shown.reduce(Amount.zero) { $0 + $1.actual }
        let chargedGap = total.charged - shown.reduce(Amount.zero) { $0 + $1.charged }
        if !actualGap.isZero || !chargedGap.isZero {
            shown.append(Row(label: "Rounding to the minor unit", actual: actualGap, charged: chargedGap))
        }
        return (shown, total)
    }

    /// Σ actual cost.
    public var actualTotal: Amount { rows.reduce(Amount.zero) { $0 + $1.actual } }
    /// Σ cost charged back (before rounding to the minor unit).
    public var chargedTotal: Amount { rows.reduce(Amount.zero) { $0 + $1.charged } }
}
