extension Builder {
    /// Checks an invoice's own totals against each other; one line per rule, matched or not.
    ///
    /// Rules (azure-formats.md §3.2 and §6): `subTotal = billedAmount`; `subTotal = Σ line subTotal`;
    /// `taxAmount = Σ line tax` (for subtotal-level VAT the per-line rounding may differ by half a
    /// cent per line); `totalAmount = subTotal − azurePrepaymentApplied − creditAmount −
    /// freeAzureCreditApplied + taxAmount`. Microsoft's own examples do not always add up; that is
    /// reported here, never asserted.
    mutating func checkHeader(_ name: String, invoice: Invoice, transactions: [InvoiceTransaction], currency: String) {
        let subTotal = invoice.statedSubTotal
        func rule(
            _ key: String,
            _ description: String,
            stated: Amount,
            derived: Amount,
            reason: VarianceReason?,
            extra: Amount = .zero
        ) {
            appendHeaderRule(
                invoice: name,
                key: key,
                description: description,
                currency: currency,
                stated: stated,
                derived: derived,
                reason: reason,
                extra: extra,
                invoiceLines: transactions.count
            )
        }
        // A rule whose field the invoice does not give (absent or null) is not checked: a note
        // says so, so it does not just vanish from the header lines.
        func notChecked(_ key: String, missing: String) {
            notes.append(
                "invoice \(name): header rule \(key) not checked: the invoice has no \(missing) (absent or null)"
            )
        }
        let noSubTotal = "subTotal or billedAmount"
        // Σ tax of the invoice lines, when any line states its tax.
        let lineTax =
            transactions.contains { $0.tax != nil }
            ? transactions.reduce(Amount.zero) { $0 + ($1.tax?.amount ?? .zero) } : nil
        if let billed = invoice.billedAmount?.amount, let sub = invoice.subTotal?.amount {
            rule("subtotal_equals_billed", "subTotal against billedAmount", stated: sub, derived: billed, reason: nil)
        } else {
            let missing = [("subTotal", invoice.subTotal), ("billedAmount", invoice.billedAmount)]
                .filter { $0.1 == nil }.map(\.0)
            notChecked("subtotal_equals_billed", missing: missing.joined(separator: " or "))
        }
        if let subTotal, !transactions.isEmpty {
            let lineTotal = transactions.reduce(Amount.zero) { $0 + ($1.subTotal?.amount ?? .zero) }
            rule(
                "subtotal_equals_lines",
                "subTotal against Σ subTotal of \(transactions.count) invoice lines",
                stated: subTotal,
                derived: lineTotal,
                reason: nil
            )
        } else if subTotal == nil && !transactions.isEmpty {
            notChecked("subtotal_equals_lines", missing: noSubTotal)
        }
        if let tax = invoice.taxAmount?.amount, let lineTax {
            if invoice.isTaxedAtSubtotalLevel {
                // VAT on the subtotal: each line's tax was rounded on its own, so the header may
                // differ from their sum by up to half a minor unit per line.
                let halfUnit = Amount(minorUnits: 5, scale: CurrencyCode(currency).minorUnitDigits + 1)
                let slack = halfUnit.multiplied(by: Amount(transactions.count)) ?? .zero
                rule(
                    "tax_equals_line_tax",
                    "taxAmount against Σ line tax (tax is computed on the subtotal: SubtotalLevel)",
                    stated: tax,
                    derived: lineTax,
                    reason: .tax,
                    extra: slack
                )
            } else {
                rule(
                    "tax_equals_line_tax",
                    "taxAmount against Σ tax of the invoice lines",
                    stated: tax,
                    derived: lineTax,
                    reason: .tax
                )
            }
        }
        if invoice.taxAmount == nil && lineTax != nil { notChecked("tax_equals_line_tax", missing: "taxAmount") }
        if invoice.totalAmount == nil || subTotal == nil {
            let missing = [invoice.totalAmount == nil ? "totalAmount" : nil, subTotal == nil ? noSubTotal : nil]
                .compactMap { $0 }
            notChecked("total_follows_from_parts", missing: missing.joined(separator: ", nor "))
        }
        if let total = invoice.totalAmount?.amount, let derived = invoice.totalFromParts {
            let prepayment = invoice.azurePrepaymentApplied?.amount ?? .zero
            let credit = invoice.creditAmount?.amount ?? .zero
            let free = invoice.freeAzureCreditApplied?.amount ?? .zero
            let tax = invoice.taxAmount?.amount ?? .zero
            // The reason is the part that explains the difference: the lines' tax when the total
            // follows from them instead of the header's tax (Microsoft rounds one or the other),
            // an adjustment when the total leaves it out or takes it twice; otherwise the first
            // adjustment the invoice has, as before.
            let variance = total - derived
            let reason: VarianceReason?
            if let lineTax, lineTax != tax, total == derived - tax + lineTax {
                reason = .tax
            } else if !prepayment.isZero && variance.magnitude == prepayment.magnitude {
                reason = .prepayment
            } else if (!credit.isZero && variance.magnitude == credit.magnitude)
                || (!free.isZero && variance.magnitude == free.magnitude)
            {
                reason = .credit
            } else {
                reason = !credit.isZero || !free.isZero ? .credit : (!prepayment.isZero ? .prepayment : .tax)
            }
            rule(
                "total_follows_from_parts",
                "totalAmount against subTotal − prepayment \(prepayment) − credit \(credit) − free credit \(free) + tax \(tax)",
                stated: total,
                derived: derived,
                reason: reason
            )
        }
    }

    /// Appends one header rule's line: a figure the document states against the same figure
    /// derived from its other figures, under the header tolerance (`extra` widens it).
    mutating func appendHeaderRule(
        invoice: String,
        key: String,
        description: String,
        currency: String,
        stated: Amount,
        derived: Amount,
        reason: VarianceReason?,
        extra: Amount = .zero,
        invoiceLines: Int
    ) {
        let variance = stated - derived
        let tolerance = config.tolerance(.header).allowance(for: stated) + extra
        let status: VarianceStatus =
            variance.isZero ? .matched : (variance.magnitude <= tolerance ? .withinTolerance : .headerMismatch)
        lines.append(
            VarianceLine(
                invoiceId: invoice,
                level: .header,
                key: key,
                description: description,
                currency: currency,
                invoiced: stated,
                computed: derived,
                variance: variance,
                variancePercent: stated.isZero
                    ? nil : variance.multiplied(by: Amount(100)).flatMap { $0.divided(by: stated.magnitude) },
                tolerance: tolerance,
                status: status,
                reason: status == .matched ? nil : reason,
                sourceRows: 0,
                sourceFiles: [],
                invoiceLines: invoiceLines
            )
        )
    }
}
