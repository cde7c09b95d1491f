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
/// Three steps, each ending in a figure the invoice states:
/// 1. charges computed from the cost rows + (invoiced − computed) = charges invoiced (pre-tax);
/// 2. − prepayment − credits − free credit + tax + the invoice's own difference (the stated total
///    minus the total its parts give, the header rule `total_follows_from_parts`) = total;
/// 3. − (total − amount due) = amount due now.
///
/// Every item is exact, so each step adds up exactly; each line is then rounded to the minor unit
/// for display, and when the rounded items do not add up to the rounded result a "rounding" line
/// carries the difference. Without a stated subtotal there is nothing to bridge to: the stated
/// figures are listed as they are.
enum BridgeRows {
    static func rows(_ bridge: InvoiceBridge, digits: Int) -> [BridgeRow] {
        func shown(_ amount: Amount) -> Amount { amount.rounded(scale: digits) }
        var rows = [BridgeRow(label: "Charges computed from the cost rows", amount: shown(bridge.computedCharges), note: "Σ actual cost, rounding rows included")]
        // The reductions and tax, signed as they add.
        var parts: [BridgeRow] = []
        func part(_ label: String, _ value: Amount?, _ note: String) {
            guard let value else { return }
            parts.append(BridgeRow(label: label, amount: shown(value), note: note))
        }
        part("Azure prepayment applied", bridge.prepayment.map { -$0 }, "azurePrepaymentApplied")
        part("Credits", bridge.credit.map { -$0 }, "creditAmount")
        part("Free Azure credit", bridge.freeCredit.map { -$0 }, "freeAzureCreditApplied")
        part("Tax", bridge.tax, bridge.subtotalLevelTax ? "taxAmount, computed on the subtotal (SubtotalLevel)" : "taxAmount")

        guard let invoiced = bridge.invoicedCharges else {
            rows[0].note += "; the invoice states no subtotal, so its figures are listed as stated"
            rows += parts
            if let total = bridge.total { rows.append(BridgeRow(label: "Total", amount: shown(total), note: "totalAmount")) }
            if let due = bridge.amountDue { rows.append(BridgeRow(label: "Amount due now", amount: shown(due), note: "amountDue")) }
            return rows
        }
        /// Closes a step: the items since `start`, a rounding line when their displayed sum misses
        /// the displayed result, and the result.
        func close(from start: Amount, _ items: [BridgeRow], to result: BridgeRow) {
            rows += items
            let rounding = result.amount - start - items.reduce(Amount.zero) { $0 + $1.amount }
            if !rounding.isZero {
                rows.append(BridgeRow(label: "Rounding to the minor unit", amount: rounding, note: "the lines above are each rounded for display; exact, they add up"))
            }
            rows.append(result)
        }

        // 1. Computed → invoiced.
        close(
            from: rows[0].amount,
            [BridgeRow(label: "Difference: invoiced − computed", amount: shown(invoiced - bridge.computedCharges), note: "the invoice's variance; the lines outside tolerance below explain it")],
            to: BridgeRow(label: "Charges invoiced (subtotal before tax)", amount: shown(invoiced), note: "subTotal", isSubtotal: true))

        // 2. Invoiced → total.
        guard let total = bridge.total else {
            rows += parts
            if let due = bridge.amountDue { rows.append(BridgeRow(label: "Amount due now", amount: shown(due), note: "amountDue")) }
            return rows
        }
        let derived = invoiced - (bridge.prepayment ?? .zero) - (bridge.credit ?? .zero) - (bridge.freeCredit ?? .zero) + (bridge.tax ?? .zero)
        var items = parts
        if total != derived {
            items.append(
                BridgeRow(
                    label: "The invoice's total differs from its parts", amount: shown(total - derived),
                    note: "totalAmount − (subTotal − prepayment − credits − free credit + taxAmount): the invoice's own arithmetic, header rule total_follows_from_parts"))
        }
        close(from: shown(invoiced), items, to: BridgeRow(label: "Total", amount: shown(total), note: "totalAmount", isSubtotal: true))

        // 3. Total → amount due.
        guard let due = bridge.amountDue else { return rows }
        close(
            from: shown(total),
            due == total ? [] : [BridgeRow(label: "Paid or settled since invoicing", amount: shown(due - total), note: "amountDue − totalAmount")],
            to: BridgeRow(label: "Amount due now", amount: shown(due), note: "amountDue", isSubtotal: true))
        return rows
    }
}
