extension InvoiceBridge {
    /// One reconciling item of the bridge, exact (not rounded): a step that adds, or a figure the
    /// invoice states that the steps above it reach (``isSubtotal``).
    public struct Item: Hashable, Sendable, Codable {
        /// What the item is, for machines: `computed`, `variance`, `invoiced`, `prepayment`,
        /// `credit`, `freeCredit`, `tax`, `totalDifference`, `total`, `settled`, `amountDue`.
        public var name: String
        /// What the item is, in words.
        public var label: String
        /// The exact amount, signed as it adds (a prepayment is negative).
        public var amount: Amount
        /// Where it comes from (the invoice field, or how it is derived).
        public var note: String
        /// A figure reached from the items above it: the first item plus every item that is not a
        /// subtotal, up to this one, sum to it exactly.
        public var isSubtotal: Bool

        enum CodingKeys: String, CodingKey {
            case name, label, amount, note
            case isSubtotal = "subtotal"
        }
    }

    /// The bridge from the charges computed from the cost rows to the amount due, item by item.
    ///
    /// Three steps, each ending in a figure the invoice states:
    /// 1. charges computed from the cost rows + (invoiced − computed) = charges invoiced (pre-tax);
    /// 2. − prepayment − credits − free credit + tax + the invoice's own difference (the stated
    ///    total minus the total its parts give, the header rule `total_follows_from_parts`) = total;
    /// 3. + (amount due − total) = amount due now.
    ///
    /// Every item is exact, so the items that are not subtotals, summed from the first, reach each
    /// subtotal exactly. Without a stated subtotal there is nothing to bridge to: the stated figures
    /// are listed as they are, none of them a subtotal. `reconciliation.json` and
    /// `reconciliation.html` both show these items (the page rounds each for display).
    public var items: [Item] {
        var items = [
            Item(
                name: "computed",
                label: "Charges computed from the cost rows",
                amount: computedCharges,
                note: "Σ actual cost, rounding rows included",
                isSubtotal: false
            )
        ]
        // The reductions and tax, signed as they add.
        var parts: [Item] = []
        func part(_ name: String, _ label: String, _ value: Amount?, _ note: String) {
            guard let value else { return }
            parts.append(Item(name: name, label: label, amount: value, note: note, isSubtotal: false))
        }
        // The amount due, as the invoice states it: a subtotal only when the bridge reaches it.
        func due(_ amount: Amount, isSubtotal: Bool) -> Item {
            Item(name: "amountDue", label: "Amount due now", amount: amount, note: "amountDue", isSubtotal: isSubtotal)
        }
        part("prepayment", "Azure prepayment applied", prepayment.map { -$0 }, "azurePrepaymentApplied")
        part("credit", "Credits", credit.map { -$0 }, "creditAmount")
        part("freeCredit", "Free Azure credit", freeCredit.map { -$0 }, "freeAzureCreditApplied")
        part("tax", "Tax", tax, subtotalLevelTax ? "taxAmount, computed on the subtotal (SubtotalLevel)" : "taxAmount")

        guard let invoiced = invoicedCharges else {
            items[0].note += "; the invoice states no subtotal, so its figures are listed as stated"
            items += parts
            if let total {
                items.append(Item(name: "total", label: "Total", amount: total, note: "totalAmount", isSubtotal: false))
            }
            if let amountDue { items.append(due(amountDue, isSubtotal: false)) }
            return items
        }

        // 1. Computed → invoiced.
        items.append(
            Item(
                name: "variance",
                label: "Difference: invoiced − computed",
                amount: invoiced - computedCharges,
                note: "the invoice's variance; the lines outside tolerance below explain it",
                isSubtotal: false
            )
        )
        items.append(
            Item(
                name: "invoiced",
                label: "Charges invoiced (subtotal before tax)",
                amount: invoiced,
                note: "subTotal",
                isSubtotal: true
            )
        )

        // 2. Invoiced → total.
        items += parts
        guard let total else {
            if let amountDue { items.append(due(amountDue, isSubtotal: false)) }
            return items
        }
        let derived = invoiced - (prepayment ?? .zero) - (credit ?? .zero) - (freeCredit ?? .zero) + (tax ?? .zero)
        if total != derived {
            items.append(
                Item(
                    name: "totalDifference",
                    label: "The invoice's total differs from its parts",
                    amount: total - derived,
                    note:
                        "totalAmount − (subTotal − prepayment − credits − free credit + taxAmount): the invoice's own arithmetic, header rule total_follows_from_parts",
                    isSubtotal: false
                )
            )
        }
        items.append(Item(name: "total", label: "Total", amount: total, note: "totalAmount", isSubtotal: true))

        // 3. Total → amount due.
        guard let amountDue else { return items }
        if amountDue != total {
            items.append(
                Item(
                    name: "settled",
                    label: "Paid or settled since invoicing",
                    amount: amountDue - total,
                    note: "amountDue − totalAmount",
                    isSubtotal: false
                )
            )
        }
        items.append(due(amountDue, isSubtotal: true))
        return items
    }
}

/// An invoice's bridge as `reconciliation.json` writes it: the invoice's figures
/// (``InvoiceBridge``) and, beside them, the reconciling items that lead from the computed
/// charges to the amount due (``InvoiceBridge/items``), so that the items add up on their own.
public struct BridgeSummary: Sendable, Codable {
    /// The invoice's figures.
    public var bridge: InvoiceBridge
    /// The reconciling items, exact.
    public var items: [InvoiceBridge.Item]

    enum CodingKeys: String, CodingKey { case items }

    /// The summary of one bridge.
    /// - Parameter bridge: the invoice's figures; its items are derived from them.
    public init(_ bridge: InvoiceBridge) {
        self.bridge = bridge
        items = bridge.items
    }

    /// Reads the invoice's figures and the items from one JSON object.
    /// - Parameter decoder: the decoder.
    /// - Throws: a `DecodingError` when a figure or the items are missing or malformed.
    public init(from decoder: any Decoder) throws {
        bridge = try InvoiceBridge(from: decoder)
        items = try decoder.container(keyedBy: CodingKeys.self).decode([InvoiceBridge.Item].self, forKey: .items)
    }

    /// Writes the invoice's figures and the items into one JSON object.
    /// - Parameter encoder: the encoder.
    /// - Throws: what the encoder throws.
    public func encode(to encoder: any Encoder) throws {
        try bridge.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
    }
}
