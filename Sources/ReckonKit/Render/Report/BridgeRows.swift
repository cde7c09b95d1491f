/// One line of an invoice's bridge as displayed: its amount already rounded to the currency's
/// minor unit.
struct BridgeRow: Hashable, Sendable {
    /// What the line is.
    var label: String
    /// The amount, rounded to the minor unit (half away from zero), signed as it adds.
    var amount: Amount
    /// Where it comes from (the invoice field, or how it is derived).
    var note: String
    /// A figure reached from the lines above it (drawn as a total).
    var isSubtotal = false
}

/// The bridge from the charges computed from the cost rows to the amount due, as lines that add up
/// exactly as they are displayed.
///
/// The lines are the bridge's exact items (``InvoiceBridge/items``, the same that
/// `reconciliation.json` carries), each rounded to the minor unit for display; when the rounded
/// lines above a subtotal do not add up to the rounded subtotal, a "rounding" line carries the
/// difference just before it.
enum BridgeRows {
    static func rows(_ bridge: InvoiceBridge, digits: Int) -> [BridgeRow] {
        var rows: [BridgeRow] = []
        var sum = Amount.zero
        for item in bridge.items {
            let shown = item.amount.rounded(scale: digits)
            if item.isSubtotal {
                let rounding = shown - sum
                if !rounding.isZero {
                    rows.append(
                        BridgeRow(
                            label: "Rounding to the minor unit",
                            amount: rounding,
                            note: "the lines above are each rounded for display; exact, they add up"
                        )
                    )
                }
                sum = shown
            } else {
                sum += shown
            }
            rows.append(BridgeRow(label: item.label, amount: shown, note: item.note, isSubtotal: item.isSubtotal))
        }
        return rows
    }
}
