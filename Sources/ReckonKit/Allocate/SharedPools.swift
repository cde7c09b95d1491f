/// An off-bill amount a pool charged out, credited in the journal.
struct OffBillCredit: Sendable {
    var pool: String
    var currency: CurrencyCode
    var amount: Amount
    var account: String?
}

/// Runs the shared-cost pools, in order, over the ledger.
///
/// For each currency a pool takes the live pieces of its source cost center that match (or its
/// off-bill amount), computes one weight per target, and splits the whole with largest remainder
/// so every target is within one minor unit of its exact share. Each target's share is then broken
/// down over the pieces taken, keeping their provenance (subscription, resource group, meter
/// category), such that every piece is moved in full and every target receives exactly its share.
/// After every pool the sum of live pieces per currency must be unchanged (plus any off-bill
/// amount); otherwise the run stops.
struct PoolRunner {
    let tree: CostCenterTree
    let period: AllocationPeriod
    let azureRows: AzureAllocationRowsFound

    /// Runs one pool.
    func run(_ pool: PoolSpec, step: Int, ledger: inout AllocationLedger, credits: inout [OffBillCredit])
        throws(AllocationError) -> [PoolStepRecord]
    {
        let label = "pool \(step) (\(pool.name))"
        var fromID = ""
        var sourceIndex: Int?
        if case .costCenter(let id, _) = pool.source, let index = tree.index(of: id) {
            sourceIndex = index
            fromID = tree.nodes[index].id
        }
        func skipped(_ why: String) -> [PoolStepRecord] {
            [
                PoolStepRecord(
                    step: step,
                    pool: pool.name,
                    currency: .unknown,
                    from: fromID,
                    method: pool.method.label,
                    amount: .zero,
                    shares: [],
                    outcome: why
                )
            ]
        }
        if !pool.validity.contains(period.start) {
            return skipped("skipped: the pool applies \(pool.validity), not in \(period.label)")
        }
        if let rule = pool.replacesAzureRule, !azureRows.stripped,
            azureRows.rules.contains(where: { $0.lowercased() == rule.lowercased() })
        {
            return skipped(
                "skipped: the data keeps the rows of Azure rule \(rule), which already moved this cost (azure_allocation_rows: respect); running the pool as well would split it twice"
            )
        }

        // What to split, per currency.
        var sources: [CurrencyCode: [Int]] = [:]
        var offBill: Money?
        switch pool.source {
        case .costCenter(_, let match):
            guard let sourceIndex else {
                throw AllocationError(step: label, problem: "the source cost center is not in the tree")
            }
            for (index, piece) in ledger.pieces.enumerated()
            where piece.live && piece.costCenter == sourceIndex && piece.attributes.matches(match) {
                sources[piece.currency, default: []].append(index)
            }
        case .offBill(let money): offBill = money
        }
        let targets = try resolveTargets(pool, source: sourceIndex, label: label)

        var records: [PoolStepRecord] = []
        let currencies = offBill.map { [$0.currency] } ?? sources.keys.sorted()
        if currencies.isEmpty {
            return skipped("nothing to split: \(fromID) holds no\(sourceMatchDescription(pool)) cost")
        }
        for currency in currencies {
            let digits = currency.minorUnitDigits
            let before = ledger.liveTotals
            var amounts: [Int128]
            var attributes: [LineAttributes]
            if let offBill {
                amounts = [offBill.amount.wholeMinorUnits(digits)]
                attributes = [
                    LineAttributes(
                        sourceKey: "offbill:\(pool.name)",
                        subscriptionId: "",
                        subscriptionName: "",
                        resourceGroup: "",
                        meterCategory: "",
                        serviceCategory: "",
                        chargeType: ""
                    )
                ]
            } else {
                let indices = sources[currency] ?? []
                amounts = indices.map { ledger.pieces[$0].units }
                attributes = indices.map { ledger.pieces[$0].attributes }
            }
            let whole = amounts.reduce(Int128(0), +)
            let wholeAmount = Amount(minorUnits: whole, scale: digits)

            // Weights and the words for each.
            var (weights, describe, note) = try self.weights(
                pool,
                targets: targets,
                currency: currency,
                ledger: ledger,
                label: label
            )
            if weights.allSatisfy({ $0 == 0 }) && whole != 0 {
                guard case .proportional(let basis, let fallback) = pool.method else {
                    var why = "every weight is zero, so \(wholeAmount) \(currency.code) cannot be split"
                    if case .driver(let table) = pool.method {
                        why += ": no target has a quantity in \(table.path ?? table.file)"
                    }
                    throw AllocationError(step: label, problem: why + " (the pool is at \(pool.location.description))")
                }
                switch fallback {
                case .even:
                    weights = weights.map { _ in 1 }
                    describe = { index, _ in "even share 1/\(targets.count) (no target has \(basis.label))" }
                    note =
                        "no target has any \(basis.label) in \(currency.code), so it was split evenly (if_no_basis: even)"
                case .keep:
                    records.append(
                        PoolStepRecord(
                            step: step,
                            pool: pool.name,
                            currency: currency,
                            from: fromID,
                            method: pool.method.label,
                            amount: wholeAmount,
                            shares: [],
                            outcome:
                                "kept in \(fromID.isEmpty ? "no cost center (the off-bill amount was not charged)" : fromID): no target has any \(basis.label) in \(currency.code) (if_no_basis: keep)"
                        )
                    )
                    continue
                case .error:
                    throw AllocationError(
                        step: label,
                        problem:
                            "no target has any \(basis.label) in \(currency.code) to split \(wholeAmount) \(currency.code) by (if_no_basis: error, at \(pool.location(of: "if_no_basis").description))"
                    )
                }
            }
            // Each share's words end with the pool it is a share of, so a receiving statement
            // shows what its percentage or fraction was taken of.
            let shareOf = describe
            let pooled = "; pool \(wholeAmount.fixed(digits)) \(currency.code)"
            describe = { position, units in shareOf(position, units) + pooled }
            guard let shares = LargestRemainder.split(whole, weights: weights),
                let parts = PoolRunner.distribute(amounts, shares: shares, weights: weights)
            else {
                throw AllocationError(
                    step: label,
                    problem: "the split of \(wholeAmount) \(currency.code) failed (weights \(weights))"
                )
            }

            // Lines and pieces: every source piece out, every part in.
            let receiving = shares.filter { $0 != 0 }.count
            let movedTo = receiving == targets.count ? "\(targets.count)" : "\(receiving) of \(targets.count)"
            if offBill == nil {
                for index in sources[currency] ?? [] {
                    ledger.pieces[index].live = false
                    let piece = ledger.pieces[index]
                    ledger.lines.append(
                        line(
                            step: step,
                            pool: pool,
                            kind: .sharedOut,
                            costCenter: piece.costCenter,
                            from: fromID,
                            attributes: piece.attributes,
                            currency: currency,
                            units: -piece.units,
                            basis: "moved to \(movedTo) cost center(s), \(pool.method.label)"
                        )
                    )
                }
            }
            for (pieceIndex, row) in parts.enumerated() {
                for (targetPosition, units) in row.enumerated() where units != 0 {
                    let target = targets[targetPosition]
                    ledger.pieces.append(
                        Piece(costCenter: target, currency: currency, units: units, attributes: attributes[pieceIndex])
                    )
                    // A share the source keeps (`remainder_to: source`) never leaves it: a line
                    // against what it gave, not one received from itself, so allocations.csv adds
                    // up by kind to the chargeback's received and given.
                    let kept = tree.nodes[target].id == fromID
                    ledger.lines.append(
                        line(
                            step: step,
                            pool: pool,
                            kind: kept ? .sharedOut : .sharedIn,
                            costCenter: target,
                            from: fromID,
                            attributes: attributes[pieceIndex],
                            currency: currency,
                            units: units,
                            basis: (kept ? "kept by the source: " : "")
                                + describe(targetPosition, shares[targetPosition])
                        )
                    )
                }
            }
            let sharesOut = targets.indices.map { position in
                PoolShare(
                    costCenter: tree.nodes[targets[position]].id,
                    amount: Amount(minorUnits: shares[position], scale: digits),
                    basis: describe(position, shares[position])
                )
            }
            if let offBill {
                credits.append(
                    OffBillCredit(
                        pool: pool.name,
                        currency: currency,
                        amount: offBill.amount,
                        account: pool.creditAccount
                    )
                )
            }
            // Conservation: the pool moved cost, it did not make or lose any.
            var after = ledger.liveTotals
            if offBill != nil { after[currency, default: 0] -= whole }
            for (code, total) in before where (after[code] ?? 0) != total {
                throw AllocationError(
                    step: label,
                    problem:
                        "\(code.code) is not conserved: \(Amount(minorUnits: total, scale: code.minorUnitDigits)) before, "
                        + "\(Amount(minorUnits: after[code] ?? 0, scale: code.minorUnitDigits)) after"
                )
            }
            let moved = "\(wholeAmount.fixed(digits)) \(currency.code)"
            let source = offBill != nil ? "off-bill amount" : "from \(fromID)"
            records.append(
                PoolStepRecord(
                    step: step,
                    pool: pool.name,
                    currency: currency,
                    from: fromID,
                    method: pool.method.label,
                    amount: wholeAmount,
                    shares: sharesOut,
                    outcome:
                        "split \(moved) \(source) to \(sharesOut.filter { !$0.amount.isZero }.count) of \(targets.count) cost center(s), \(pool.method.label)"
                        + (note.map { "; \($0)" } ?? "")
                )
            )
        }
        return records
    }

    func sourceMatchDescription(_ pool: PoolSpec) -> String {
        guard case .costCenter(_, let match) = pool.source, !match.isEmpty else { return "" }
        return " matching"
    }

    /// The pool's targets as tree indices, in path order.
    func resolveTargets(_ pool: PoolSpec, source: Int?, label: String) throws(AllocationError) -> [Int] {
        var ids: [String] = []
        var expanded: [Int] = []
        switch pool.method {
        case .percent(let shares, let remainder):
            ids = shares.map(\.costCenter)
            if let remainder {
                ids.append(remainder == "source" ? (source.map { tree.nodes[$0].id } ?? remainder) : remainder)
            }
        case .driver(let table): ids = table.rows.map(\.costCenter)
        case .even, .proportional:
            switch pool.targets {
            case .list(let list): ids = list
            case .childrenOf(let id):
                guard let parent = tree.index(of: id) else {
                    throw AllocationError(step: label, problem: "'\(id)' is not a cost center")
                }
                expanded = tree.children(of: parent).filter { $0 != source }
            case .leavesOf(let id):
                guard let parent = tree.index(of: id) else {
                    throw AllocationError(step: label, problem: "'\(id)' is not a cost center")
                }
                expanded = tree.leaves(under: parent).filter { $0 != source }
            }
        }
        for id in ids {
            guard let index = tree.index(of: id) else {
                throw AllocationError(step: label, problem: "'\(id)' is not a cost center")
            }
            expanded.append(index)
        }
        let targets = Array(Set(expanded)).sorted()
        if targets.isEmpty { throw AllocationError(step: label, problem: "the pool has no target cost centers") }
        return targets
    }

    /// One weight per target, a describer of each share, and a note.
    func weights(_ pool: PoolSpec, targets: [Int], currency: CurrencyCode, ledger: AllocationLedger, label: String)
        throws(AllocationError) -> ([Int128], (Int, Int128) -> String, String?)
    {
        let count = targets.count
        func percentText(_ part: Int128, of total: Int128) -> String {
            guard total != 0, let ratio = Amount(units: part).divided(by: Amount(units: total)),
                let percent = ratio.multiplied(by: Amount(100))
            else { return "0.0%" }
            return percent.fixed(1) + "%"
        }
        switch pool.method {
        case .even: return (targets.map { _ in 1 }, { _, _ in "even share 1/\(count)" }, nil)
        case .percent(let shares, let remainder):
            var byIndex: [Int: Amount] = [:]
            for share in shares {
                if let index = tree.index(of: share.costCenter) { byIndex[index, default: .zero] += share.percent }
            }
            let given = shares.reduce(Amount.zero) { $0 + $1.percent }
            var remainderIndex: Int?
            if let remainder {
                let id = remainder == "source" ? pool.sourceCostCenter : remainder
                remainderIndex = id.flatMap { tree.index(of: $0) }
                if let remainderIndex { byIndex[remainderIndex, default: .zero] += Amount(100) - given }
            }
            let weights = targets.map { byIndex[$0]?.units ?? 0 }
            return (
                weights,
                { position, _ in
                    let percent = byIndex[targets[position]] ?? .zero
                    let suffix =
                        targets[position] == remainderIndex ? " (remainder: the percentages total \(given))" : ""
                    return "\(percent)% fixed\(suffix)"
                }, nil
            )
        case .proportional(let basis, _):
            let digits = currency.minorUnitDigits
            let amounts = targets.map { ledger.basis($0, currency, basis) }
            let weights = amounts.map { Swift.max(Int128(0), $0.units) }
            let total = weights.reduce(Int128(0), +)
            // The weights are exact; the words show them to the minor unit, rounded together by
            // largest remainder so the parts add up to the total shown (15.12 + 38.00 = 53.12, not
            // 15.12 + 38.01 of 53.12 as each rounded alone).
            let wholeTotal = LargestRemainder.minorUnits(Amount(units: total), digits: digits)
            let shown =
                LargestRemainder.round(weights.map { Amount(units: $0) }, to: wholeTotal, digits: digits)
                ?? weights.map { LargestRemainder.minorUnits(Amount(units: $0), digits: digits) }
            return (
                weights,
                { position, _ in
                    // A negative basis weighs nothing; its own amount is still shown.
                    // A part that rounds to nothing though it weighs something is shown exactly.
                    let amount =
                        amounts[position].signum < 0
                        ? "\(amounts[position].fixed(digits)) (counted as 0)"
                        : shown[position] == 0 && weights[position] != 0
                            ? "\(amounts[position])" : Amount(minorUnits: shown[position], scale: digits).fixed(digits)
                    return
                        "\(basis.label) \(amount) of \(Amount(minorUnits: wholeTotal, scale: digits).fixed(digits)) \(currency.code) (\(percentText(weights[position], of: total)))"
                }, nil
            )
        case .driver(let table):
            var byIndex: [Int: Amount] = [:]
            for row in table.rows { if let index = tree.index(of: row.costCenter) { byIndex[index] = row.quantity } }
            let weights = targets.map { byIndex[$0]?.units ?? 0 }
            let total = weights.reduce(Int128(0), +)
            let name = table.file.split(separator: "/").last.map(String.init) ?? table.file
            // Last month's driver rows for this month's cost is a slip worth saying.
            // Only a period written as a month (yyyy-MM) can be told apart from this one.
            let month = period.start.yearMonth
            let stale = table.period.flatMap { given -> String? in
                guard Day(yearMonth: given) != nil, given != month else { return nil }
                return "the driver's rows are of period \(given), and the month allocated is \(month)"
            }
            return (
                weights,
                { position, _ in
                    "driver \(byIndex[targets[position]] ?? .zero) of \(Amount(units: total)) in \(name) (\(percentText(weights[position], of: total)))"
                }, stale
            )
        }
    }

    func line(
        step: Int,
        pool: PoolSpec,
        kind: AllocationLineKind,
        costCenter: Int,
        from: String,
        attributes: LineAttributes,
        currency: CurrencyCode,
        units: Int128,
        basis: String
    ) -> AllocationLine {
        AllocationLine(
            step: step,
            rule: pool.name,
            kind: kind,
            costCenter: tree.nodes[costCenter].id,
            fromCostCenter: from,
            sourceKey: attributes.sourceKey,
            subscriptionId: attributes.subscriptionId,
            subscriptionName: attributes.subscriptionName,
            resourceGroup: attributes.resourceGroup,
            meterCategory: attributes.meterCategory,
            serviceCategory: attributes.serviceCategory,
            chargeType: attributes.chargeType,
            currency: currency,
            amount: Amount(minorUnits: units, scale: currency.minorUnitDigits),
            basis: basis
        )
    }

    /// Breaks the targets' shares down over the pieces taken: `result[piece][target]`.
    ///
    /// Every row sums to its piece and every column to its target's share. Positive and negative
    /// pieces are handed out separately, each against quotas that sum to their total (a piece is
    /// split among the targets in proportion to what each still has to receive), so no part has
    /// the opposite sign of its piece.
    ///
    /// - Returns: `nil` when the pieces and shares do not have the same total.
    static func distribute(_ pieces: [Int128], shares: [Int128], weights: [Int128]) -> [[Int128]]? {
        let whole = pieces.reduce(Int128(0), +)
        guard whole == shares.reduce(Int128(0), +) else { return nil }
        let positive = pieces.filter { $0 > 0 }.reduce(Int128(0), +)
        let negative = -pieces.filter { $0 < 0 }.reduce(Int128(0), +)
        var positiveQuota: [Int128]
        var negativeQuota: [Int128]
        if whole >= 0 {
            guard let split = LargestRemainder.split(negative, weights: weights) else { return nil }
            negativeQuota = split
            positiveQuota = zip(shares, split).map { $0 + $1 }
        } else {
            guard let split = LargestRemainder.split(positive, weights: weights) else { return nil }
            positiveQuota = split
            negativeQuota = zip(split, shares).map { $0 - $1 }
        }
        var result: [[Int128]] = []
        result.reserveCapacity(pieces.count)
        for piece in pieces {
            let magnitude = piece < 0 ? -piece : piece
            let quotas = piece < 0 ? negativeQuota : positiveQuota
            guard let parts = LargestRemainder.split(magnitude, weights: quotas) else { return nil }
            for position in parts.indices {
                if piece < 0 {
                    negativeQuota[position] -= parts[position]
                } else {
                    positiveQuota[position] -= parts[position]
                }
            }
            result.append(piece < 0 ? parts.map { -$0 } : parts)
        }
        guard positiveQuota.allSatisfy({ $0 == 0 }), negativeQuota.allSatisfy({ $0 == 0 }) else { return nil }
        return result
    }
}

extension PoolSpec {
    /// The source cost center's id, for a pool that drains one.
    var sourceCostCenter: String? {
        if case .costCenter(let id, _) = source { return id }
        return nil
    }
}
