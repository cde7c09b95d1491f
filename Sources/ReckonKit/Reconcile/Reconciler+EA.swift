extension Builder {
    /// EA cost data has no invoice ids: Σ actual cost per billing period (plus reservation refunds,
    /// which EA cost data does not carry) against the usage summary's total usage plus Marketplace
    /// (azure-formats.md §6.3).
    mutating func reconcileEA(_ rows: [(InvoiceLineKey, InvoiceLineSums)]) {
        var periods: [String: GroupSums] = [:]
        // Billing periods of cost rows per currency, for matching usage summaries that name none.
        var periodsIn: [String: Set<String>] = [:]
        for (key, sums) in rows {
            guard let start = key.billingPeriodStart else { continue }
            let currency = CurrencyCode(text(key.currency)).code
            let label = "\(start.yearMonth)|\(currency)"
            var group = periods[label] ?? GroupSums(display: [label])
            absorb(&group, key: key, sums: sums)
            periods[label] = group
            periodsIn[currency, default: []].insert(start.yearMonth)
        }
        for (label, original) in periods.sorted(by: { $0.key < $1.key }) {
            var group = original
            let parts = label.split(separator: "|").map(String.init)
            let month = parts[0]
            let currency = parts.count > 1 ? parts[1] : ""
            var refunds = Amount.zero
            for transaction in input.reservationTransactions where transaction.eventType?.lowercased() == "refund" {
                guard let day = transaction.billingMonthDay ?? transaction.eventDate?.day else { continue }
                if day.yearMonth == month, transaction.currency?.code ?? currency == currency {
                    refunds += transaction.amount ?? .zero
                }
            }
            if !refunds.isZero {
                group.computed += refunds
                group.kinds.insert(.refund)
                notes.append(
                    "billing period \(month): reservation refunds \(refunds) \(currency) from the reservation transactions added to the computed total"
                )
            }
            // The period's usage summary: the one whose id names this billing period. One that
            // names no period is taken only when it is the only one in the currency and the cost
            // rows have only this period in it.
            // A summary without a currency is taken as the cost rows' one currency, if they have one.
            let inCurrency = input.balances.filter {
                ($0.currency?.code ?? (periodsIn.count == 1 ? currency : "")) == currency
            }
            let named = inCurrency.filter { $0.billingMonth == month }
            let costPeriods = periodsIn[currency]?.count ?? 0
            let onlyPeriod = costPeriods == 1
            let balances =
                named.isEmpty && onlyPeriod && inCurrency.count == 1 && inCurrency[0].billingMonth == nil
                ? inCurrency : named
            guard balances.count == 1, let balance = balances.first else {
                let others = Set(inCurrency.compactMap(\.billingMonth)).subtracting([month]).sorted()
                let problem: String
                if balances.count > 1 {
                    problem =
                        "\(balances.count) usage summaries for it in \(currency); cannot tell which one is the period's"
                } else if inCurrency.isEmpty {
                    problem = "no usage summary (balances.json) in \(currency)"
                } else if named.isEmpty && inCurrency.contains(where: { $0.billingMonth == nil }) {
                    problem =
                        "a usage summary in \(currency) names no billing period, and with \(costPeriods) billing period(s) of cost rows and \(inCurrency.count) summaries in \(currency) it cannot be told which period it is for"
                } else {
                    let periods =
                        others.isEmpty ? "" : " (the usage summaries are for \(others.joined(separator: ", ")))"
                    problem = "no usage summary (balances.json) for this billing period in \(currency)\(periods)"
                }
                notes.append("billing period \(month): \(problem); the EA cost rows are reported as not invoiced")
                append(
                    invoice: Reconciler.eaInvoice(month),
                    level: .invoice,
                    key: month,
                    description: "EA billing period \(month): \(problem)",
                    currency: currency,
                    group: group,
                    forceStatus: .notInvoiced
                )
                continue
            }
            if balance.billingMonth == nil {
                notes.append(
                    "billing period \(month): the usage summary's id names no billing period; it is taken as this period's, the only one in \(currency) in the cost rows and in balances.json"
                )
            }
            group.invoiced = (balance.totalUsage ?? .zero) + (balance.azureMarketplaceServiceCharges ?? .zero)
            group.invoiceLines = 1
            append(
                invoice: Reconciler.eaInvoice(month),
                level: .invoice,
                key: month,
                description: "EA billing period \(month): total usage + Azure Marketplace against Σ cost rows",
                currency: currency,
                group: group,
                isInvoiceLine: true
            )
        }
    }
}
