extension Builder {
    /// EA cost data has no invoice ids: Σ actual cost per billing period (plus reservation refunds,
    /// which EA cost data does not carry) against the usage summary's total usage plus Marketplace
    /// (azure-formats.md §6.3).
    ///
    /// Every usage summary in balances.json is accounted for: one whose billing period has no EA
    /// cost rows is `missing_usage` (as an invoice without cost rows is), and each summary's own
    /// arithmetic is checked as header rules (``checkBalance(_:invoice:currency:)``). Reservation
    /// refunds of a period that is on no line are named in a note.
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
        // A summary without a currency is taken as the cost rows' one currency, if they have one.
        let onlyCurrency = periodsIn.count == 1 ? periodsIn.keys.first : nil
        func currencyOf(_ balance: Balance) -> String { balance.currency?.code ?? onlyCurrency ?? "" }
        // Usage summaries naming a billing period that has no EA cost rows in their currency.
        var summariesOnly: [String: [Balance]] = [:]
        for balance in input.balances {
            guard let month = balance.billingMonth else { continue }
            let label = "\(month)|\(currencyOf(balance))"
            if periods[label] == nil { summariesOnly[label, default: []].append(balance) }
        }
        let refundEvents = input.reservationTransactions.filter { $0.eventType?.lowercased() == "refund" }
        var compared: [(month: String, currency: String)] = []
        for label in Set(periods.keys).union(summariesOnly.keys).sorted() {
            let parts = label.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let month = parts[0]
            let currency = parts.count > 1 ? parts[1] : ""
            compared.append((month, currency))
            var refunds = Amount.zero
            for transaction in refundEvents {
                guard let day = transaction.billingMonthDay ?? transaction.eventDate?.day else { continue }
                if day.yearMonth == month, transaction.currency?.code ?? currency == currency {
                    refunds += transaction.amount ?? .zero
                }
            }
            guard var group = periods[label] else {
                // Summaries of a period without EA cost rows: billed, with nothing computed.
                let summaries = summariesOnly[label] ?? []
                var group = GroupSums(display: [label])
                for balance in summaries {
                    checkBalance(balance, invoice: Reconciler.eaInvoice(month), currency: currency)
                    group.invoiced += invoicedAmount(balance, month: month, currency: currency)
                }
                group.invoiceLines = summaries.count
                group.computed = refunds
                if !refunds.isZero { group.kinds.insert(.refund) }
                let refunded =
                    refunds.isZero ? "" : "; reservation refunds \(refunds) \(currency) are the computed side"
                notes.append(
                    "billing period \(month): balances.json has a usage summary in \(currency) (total usage + Azure Marketplace \(group.invoiced)) but no EA cost row is in this billing period and currency\(refunded); reported as missing usage"
                )
                append(
                    invoice: Reconciler.eaInvoice(month),
                    level: .invoice,
                    key: month,
                    description:
                        "EA billing period \(month): usage summary (balances.json) with no EA cost rows in \(currency)",
                    currency: currency,
                    group: group,
                    forceStatus: .missingUsage
                )
                continue
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
            let inCurrency = input.balances.filter { currencyOf($0) == currency }
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
                    // A summary of this period in another currency is the likely cause: say so.
                    let elsewhere = Set(
                        input.balances.filter { $0.billingMonth == month }.map(currencyOf).filter { $0 != currency }
                    )
                    .sorted()
                    let hint =
                        elsewhere.isEmpty
                        ? "" : " (balances.json has one for \(month) in \(elsewhere.joined(separator: ", ")))"
                    problem =
                        input.balances.isEmpty
                        ? "no usage summary: the month folder has no balances.json (the Balances API's answer for the billing period)"
                        : "no usage summary (balances.json) in \(currency)\(hint)"
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
            checkBalance(balance, invoice: Reconciler.eaInvoice(month), currency: currency)
            group.invoiced = invoicedAmount(balance, month: month, currency: currency)
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
        // A summary that names no period and is in a currency with no EA cost rows is on no line.
        for balance in input.balances where balance.billingMonth == nil && periodsIn[currencyOf(balance)] == nil {
            let currency = currencyOf(balance)
            notes.append(
                "balances.json: a usage summary in \(currency.isEmpty ? "no currency" : currency) names no billing period (its id has no billingPeriods/yyyyMM) and no EA cost row is in \(currency.isEmpty ? "its currency" : currency); it is not compared"
            )
        }
        // Refunds of a billing period that is on no line would otherwise vanish.
        var leftover: [String: Amount] = [:]
        for transaction in refundEvents {
            guard let day = transaction.billingMonthDay ?? transaction.eventDate?.day else { continue }
            let currency = transaction.currency?.code
            let onALine = compared.contains {
                $0.month == day.yearMonth && (currency == nil || currency == $0.currency)
            }
            if !onALine {
                leftover["\(day.yearMonth) \(currency ?? "")", default: .zero] += transaction.amount ?? .zero
            }
        }
        for (label, amount) in leftover.sorted(by: { $0.key < $1.key }) {
            let parts = label.split(separator: " ", omittingEmptySubsequences: false)
            notes.append(
                "reservation-transactions.json: reservation refunds \(amount) \(parts.count > 1 ? parts[1] : "") in billing period \(parts[0]) are not compared: that period has no EA cost rows and no usage summary"
            )
        }
    }

    /// Total usage + Azure Marketplace of a usage summary; a note names either when it is absent.
    mutating func invoicedAmount(_ balance: Balance, month: String, currency: String) -> Amount {
        let missing = [
            balance.totalUsage == nil ? "totalUsage" : nil,
            balance.azureMarketplaceServiceCharges == nil ? "azureMarketplaceServiceCharges" : nil,
        ]
        .compactMap { $0 }
        if !missing.isEmpty {
            notes.append(
                "billing period \(month): the usage summary in \(currency) has no \(missing.joined(separator: " nor ")) (absent or null); taken as 0"
            )
        }
        return (balance.totalUsage ?? .zero) + (balance.azureMarketplaceServiceCharges ?? .zero)
    }

    /// The usage summary's own arithmetic, as header rules of its billing period's line
    /// (Consumption Balances API: `totalOverage` is serviceOverage + chargesBilledSeparately,
    /// `totalUsage` is the commitment utilized + totalOverage, and the prepayment balance runs
    /// `endingBalance = beginningBalance + newPurchases + adjustments − utilized`). A rule whose
    /// figures the summary does not give is not checked, and a note says which.
    mutating func checkBalance(_ balance: Balance, invoice: String, currency: String) {
        var unchecked: [String] = []
        func rule(_ key: String, _ description: String, stated: Amount?, derived: Amount?, needs: [String]) {
            guard let stated, let derived else {
                unchecked.append("\(key) (needs \(needs.joined(separator: ", ")))")
                return
            }
            appendHeaderRule(
                invoice: invoice,
                key: key,
                description: description,
                currency: currency,
                stated: stated,
                derived: derived,
                reason: nil,
                invoiceLines: 1
            )
        }
        let purchases = balance.newPurchases ?? .zero
        let adjustments = balance.adjustments ?? .zero
        rule(
            "ending_balance_follows_from_parts",
            "endingBalance against beginningBalance + newPurchases \(purchases) + adjustments \(adjustments) − utilized",
            stated: balance.endingBalance,
            derived: balance.beginningBalance.flatMap { begin in
                balance.utilized.map { begin + purchases + adjustments - $0 }
            },
            needs: ["endingBalance", "beginningBalance", "utilized"]
        )
        let partsOfOverage: Amount? =
            balance.serviceOverage == nil && balance.chargesBilledSeparately == nil
            ? nil : (balance.serviceOverage ?? .zero) + (balance.chargesBilledSeparately ?? .zero)
        rule(
            "total_overage_equals_parts",
            "totalOverage against serviceOverage + chargesBilledSeparately",
            stated: balance.totalOverage,
            derived: partsOfOverage,
            needs: ["totalOverage", "serviceOverage or chargesBilledSeparately"]
        )
        let overage = balance.totalOverage ?? partsOfOverage
        rule(
            "total_usage_equals_parts",
            "totalUsage against utilized + totalOverage \(overage.map { "\($0)" } ?? "-")",
            stated: balance.totalUsage,
            derived: balance.utilized.flatMap { used in overage.map { used + $0 } },
            needs: ["totalUsage", "utilized", "totalOverage or its parts"]
        )
        if !unchecked.isEmpty {
            notes.append(
                "\(invoice) \(currency): usage summary rule(s) not checked, the summary lacks a figure (absent or null): \(unchecked.joined(separator: "; "))"
            )
        }
    }
}
