/// Allocates a month's cost over the cost-center tree: the pure core of `reckon allocate`.
///
/// The stages, each checked before the next starts:
/// 1. **map**: every source cost goes to one cost center by the rules (``RuleEngine``); Σ mapped
///    equals Σ source, exactly, per currency;
/// 2. **round**: per currency the exact total is rounded to the minor unit (half away from zero)
///    and handed out with largest remainder, first to cost centers, then within each cost center
///    to its lines, so every cost center is within one minor unit of its exact cost;
/// 3. **pools**, in order (``PoolRunner``): Σ over cost centers is unchanged after each (plus any
///    off-bill amount);
/// 4. **summarize**: charges per cost center, shares (Σ direct, Σ shared received and given, unallocated), the journal
///    (debits equal credits per currency).
public enum Allocator {
    /// Allocates `rollup` by `config`.
    ///
    /// - Throws: ``AllocationError`` naming the step whose conservation check failed, a pool whose
    ///   basis is empty with `if_no_basis: error`, or a journal that does not balance.
    public static func allocate(_ rollup: CostRollup, config: AllocationConfig) throws(AllocationError)
        -> AllocationResult
    {
        let tree = CostCenterTree(config)
        var engine = RuleEngine(config: config, tree: tree, costs: rollup.costs)
        var diagnostics: [AllocationDiagnostic] = []

        // 1. Map.
        struct LineKey: Hashable {
            var costCenter: Int
            var rule: String
            var basis: String
            var attributes: LineAttributes
            var currency: CurrencyCode
        }
        var exact: [LineKey: Amount] = [:]
        exact.reserveCapacity(rollup.costs.count)
        var sourceTotals: [CurrencyCode: Amount] = [:]
        var ledger = AllocationLedger()
        var unallocatedSubscriptions: [String: [CurrencyCode: Amount]] = [:]
        for cost in rollup.costs {
            let mapping = engine.map(cost)
            let attributes = LineAttributes(
                sourceKey: cost.sourceKey,
                subscriptionId: cost.subscriptionId,
                subscriptionName: cost.subscriptionName,
                resourceGroup: cost.resourceGroup,
                meterCategory: cost.meterCategory,
                serviceCategory: cost.serviceCategory,
                chargeType: cost.chargeType,
                ownResourceGroup: engine.readsResourceGroup(of: cost)
            )
            let key = LineKey(
                costCenter: mapping.costCenter,
                rule: mapping.rule,
                basis: mapping.basis,
                attributes: attributes,
                currency: cost.currency
            )
            exact[key, default: .zero] += cost.amount
            sourceTotals[cost.currency, default: .zero] += cost.amount
            ledger.directBasis[mapping.costCenter, default: [:]][cost.currency, default: [:]][
                cost.serviceCategory,
                default: .zero
            ] += cost.amount
            if mapping.costCenter == tree.unallocated {
                // The all-zero id is how EA exports write "no subscription" (unused reservations).
                let label =
                    cost.subscriptionId.isEmpty || cost.subscriptionId == "00000000-0000-0000-0000-000000000000"
                    ? "(no subscription: \(cost.chargeType.isEmpty ? "no charge type" : cost.chargeType))"
                    : cost.subscriptionId
                unallocatedSubscriptions[label, default: [:]][cost.currency, default: .zero] += cost.amount
            }
        }
        var checks: [String] = []
        var mappedTotals: [CurrencyCode: Amount] = [:]
        for (key, amount) in exact { mappedTotals[key.currency, default: .zero] += amount }
        for (currency, total) in sourceTotals where mappedTotals[currency] != total {
            throw AllocationError(
                step: "mapping",
                problem:
                    "\(currency.code): sources sum to \(total) but mapped cost to \(mappedTotals[currency] ?? .zero)"
            )
        }
        for currency in sourceTotals.keys.sorted() {
            checks.append(
                "mapping: \(currency.code) \(sourceTotals[currency] ?? .zero) from the sources = \(mappedTotals[currency] ?? .zero) mapped"
            )
        }

        // 2. Round: cost centers first, then their lines. Sorted once; a currency's lines, and
        // within it a cost center's, are then one run each.
        var entries = exact.map { (key: $0.key, amount: $0.value) }
        exact = [:]
        entries.sort { a, b in
            if a.key.currency != b.key.currency { return a.key.currency < b.key.currency }
            if a.key.costCenter != b.key.costCenter { return a.key.costCenter < b.key.costCenter }
            var order = LineAttributes.compare(a.key.attributes, b.key.attributes)
            if order == 0 { order = ByteOrder.compare(a.key.rule, b.key.rule) }
            if order == 0 { order = ByteOrder.compare(a.key.basis, b.key.basis) }
            return order < 0
        }
        var billRounded: [CurrencyCode: Int128] = [:]
        for currency in sourceTotals.keys.sorted() {
            let digits = currency.minorUnitDigits
            let whole = LargestRemainder.minorUnits(sourceTotals[currency] ?? .zero, digits: digits)
            billRounded[currency] = whole
            let lines = entries.filter { $0.key.currency == currency }
            var runs: [Range<Int>] = []
            for index in lines.indices {
                if let last = runs.last, lines[last.lowerBound].key.costCenter == lines[index].key.costCenter {
                    runs[runs.count - 1] = last.lowerBound..<(index + 1)
                } else {
                    runs.append(index..<(index + 1))
                }
            }
            let centerExact = runs.map { run in lines[run].reduce(Amount.zero) { $0 + $1.amount } }
            guard let centerUnits = LargestRemainder.round(centerExact, to: whole, digits: digits) else {
                throw AllocationError(
                    step: "rounding",
                    problem:
                        "\(currency.code): \(whole) minor units cannot be handed out over \(runs.count) cost centers"
                )
            }
            for (run, units) in zip(runs, centerUnits) {
                let center = lines[run.lowerBound].key.costCenter
                guard let lineUnits = LargestRemainder.round(lines[run].map(\.amount), to: units, digits: digits) else {
                    throw AllocationError(
                        step: "rounding",
                        problem:
                            "\(currency.code): the lines of \(tree.nodes[center].id) cannot be rounded to its total"
                    )
                }
                for (line, units) in zip(lines[run], lineUnits) where units != 0 {
                    let lineKey = line.key
                    ledger.pieces.append(
                        Piece(costCenter: center, currency: currency, units: units, attributes: lineKey.attributes)
                    )
                    ledger.lines.append(
                        AllocationLine(
                            step: 0,
                            rule: lineKey.rule,
                            kind: .direct,
                            costCenter: tree.nodes[center].id,
                            fromCostCenter: "",
                            sourceKey: lineKey.attributes.sourceKey,
                            subscriptionId: lineKey.attributes.subscriptionId,
                            subscriptionName: lineKey.attributes.subscriptionName,
                            resourceGroup: lineKey.attributes.resourceGroup,
                            meterCategory: lineKey.attributes.meterCategory,
                            serviceCategory: lineKey.attributes.serviceCategory,
                            chargeType: lineKey.attributes.chargeType,
                            currency: currency,
                            amount: Amount(minorUnits: units, scale: digits),
                            basis: lineKey.basis
                        )
                    )
                }
            }
            let placed = ledger.liveTotals[currency] ?? 0
            guard placed == whole else {
                throw AllocationError(
                    step: "rounding",
                    problem:
                        "\(currency.code): the bill rounds to \(whole) minor units but the cost centers hold \(placed)"
                )
            }
            checks.append(
                "rounding: \(currency.code) \(sourceTotals[currency] ?? .zero) rounds to \(Amount(minorUnits: whole, scale: digits).fixed(digits)), all of it placed"
            )
        }

        // The mapped lines are in the ledger now; free the keys before the pools add lines.
        entries = []

        // 3. Pools.
        var expected = billRounded
        var steps: [PoolStepRecord] = []
        var credits: [OffBillCredit] = []
        let runner = PoolRunner(tree: tree, period: rollup.period, azureRows: rollup.azureRows)
        for (offset, pool) in config.pools.enumerated() {
            let step = offset + 1
            let records = try runner.run(pool, step: step, ledger: &ledger, credits: &credits)
            steps += records
            if case .offBill(let money) = pool.source, credits.last?.pool == pool.name {
                expected[money.currency, default: 0] += money.amount.wholeMinorUnits(money.currency.minorUnitDigits)
            }
            let live = ledger.liveTotals
            for (currency, total) in expected where (live[currency] ?? 0) != total {
                throw AllocationError(
                    step: "pool \(step) (\(pool.name))",
                    problem:
                        "\(currency.code): Σ over cost centers is \(Amount(minorUnits: live[currency] ?? 0, scale: currency.minorUnitDigits)), expected \(Amount(minorUnits: total, scale: currency.minorUnitDigits))"
                )
            }
            for currency in expected.keys.sorted() {
                let digits = currency.minorUnitDigits
                checks.append(
                    "pool \(step) (\(pool.name)): \(currency.code) Σ over cost centers \(Amount(minorUnits: live[currency] ?? 0, scale: digits).fixed(digits)) = Σ sources"
                )
            }
        }

        // 4. Summarize.
        var lines: [AllocationLine] = []
        swap(&lines, &ledger.lines)
        aggregate(&lines, tree: tree)
        let charges = summarize(lines, tree: tree)
        var shares: [AllocationShares] = []
        let unallocatedID = tree.nodes[tree.unallocated].id
        for currency in expected.keys.sorted() {
            let digits = currency.minorUnitDigits
            var direct = Amount.zero
            var received = Amount.zero
            var given = Amount.zero
            var unallocated = Amount.zero
            for charge in charges where charge.currency == currency {
                direct += charge.direct
                received += charge.sharedReceived
                given += charge.sharedGiven
                if charge.costCenter == unallocatedID { unallocated += charge.total }
            }
            let offBill = credits.filter { $0.currency == currency }.reduce(Amount.zero) { $0 + $1.amount }
            shares.append(
                AllocationShares(
                    currency: currency,
                    total: Amount(minorUnits: expected[currency] ?? 0, scale: digits),
                    direct: direct,
                    sharedReceived: received,
                    sharedGiven: given,
                    unallocated: unallocated,
                    offBill: offBill,
                    billExact: sourceTotals[currency] ?? .zero,
                    billRounded: Amount(minorUnits: billRounded[currency] ?? 0, scale: digits)
                )
            )
        }
        var finalTotals: [CurrencyCode: Amount] = [:]
        for charge in charges { finalTotals[charge.currency, default: .zero] += charge.total }
        for share in shares where (finalTotals[share.currency] ?? .zero) != share.total {
            throw AllocationError(
                step: "summary",
                problem:
                    "\(share.currency.code): the cost centers are charged \(finalTotals[share.currency] ?? .zero) but the sources total \(share.total)"
            )
        }
        for share in shares {
            let digits = share.currency.minorUnitDigits
            checks.append(
                "summary: \(share.currency.code) Σ chargeback \(share.total.fixed(digits)) = bill \(share.billRounded.fixed(digits)) + off-bill \(share.offBill.fixed(digits))"
            )
        }

        diagnostics += tagDiagnostics(rollup, engine: &engine)
        for key in engine.unknownTagValues.keys.sorted() {
            for (value, entry) in (engine.unknownTagValues[key] ?? [:]).sorted(by: { $0.key < $1.key }) {
                diagnostics.append(
                    AllocationDiagnostic(
                        severity: .warning,
                        message:
                            "tag \(key)=\(value) names no cost center (\(entry.rows) rows, \(amounts(entry.amount))); the next rule was used"
                    )
                )
            }
        }
        if !unallocatedSubscriptions.isEmpty {
            let listed = unallocatedSubscriptions.keys.sorted().prefix(20)
                .map { "\($0) \(amounts(unallocatedSubscriptions[$0] ?? [:]))" }
            diagnostics.append(
                AllocationDiagnostic(
                    severity: .warning,
                    message:
                        "\(unallocatedSubscriptions.count) subscription(s) or charge kinds matched no rule and went to \(tree.nodes[tree.unallocated].id): "
                        + listed.joined(separator: "; ") + (unallocatedSubscriptions.count > 20 ? "; …" : "")
                )
            )
        }
        // A budget in a currency the month has no cost in (a typo such as XYZ, or the wrong
        // profile's currency) is compared with nothing.
        for node in tree.nodes {
            for budget in node.budgets
            where sourceTotals[budget.currency] == nil && !credits.contains(where: { $0.currency == budget.currency }) {
                diagnostics.append(
                    AllocationDiagnostic(
                        severity: .warning,
                        message:
                            "the budget of \(node.id) is in \(budget.currency.code), and the month has no cost in \(budget.currency.code): nothing is compared with it"
                    )
                )
            }
        }
        // A currency that is not ISO 4217 is charged and posted as it is written: a warning, as
        // the journal's lines then carry a code the ledger may not know.
        if let note = CurrencyCode.unknownCodesNote(Array(sourceTotals.keys)) {
            diagnostics.append(
                AllocationDiagnostic(
                    severity: .warning,
                    message: note + "; the chargeback and the journal carry it as written"
                )
            )
        }
        for record in steps where record.shares.isEmpty {
            diagnostics.append(
                AllocationDiagnostic(
                    severity: .note,
                    message: "pool \(record.step) (\(record.pool)): \(record.outcome)"
                )
            )
        }
        diagnostics.sort { $0.severity != $1.severity ? $0.severity > $1.severity : $0.message < $1.message }

        let journal = try Journal.build(
            period: rollup.period,
            charges: charges,
            tree: tree,
            billRounded: billRounded,
            credits: credits,
            settings: config.journal
        )
        return AllocationResult(
            period: rollup.period,
            costBasis: rollup.costBasis,
            azureAllocationRows: rollup.azureRows.statement,
            costCenters: tree.nodes,
            lines: lines,
            charges: charges,
            shares: shares,
            steps: steps,
            diagnostics: diagnostics,
            checks: checks,
            journal: journal
        )
    }

    /// Lines with the same provenance summed, zero lines dropped, in output order; in place.
    ///
    /// The output order compares every field but the amount, so lines with the same provenance
    /// end up side by side and are summed in one walk, with no dictionary of lines (at 10M rows a
    /// `[AllocationLine: Amount]` took 15 MiB at the close's memory peak).
    static func aggregate(_ lines: inout [AllocationLine], tree: CostCenterTree) {
        let position = Dictionary(uniqueKeysWithValues: tree.nodes.enumerated().map { ($1.id, $0) })
        func kindOrder(_ kind: AllocationLineKind) -> Int {
            switch kind {
            case .direct: return 0
            case .sharedOut: return 1
            case .sharedIn: return 2
            }
        }
        // One three-way order for the sort and for the walk that sums: lines that sort as equal
        // have the same provenance. Every text goes by bytes (``ByteOrder``): `String ==` calls two
        // spellings of "é" equal, so mixing the two made the order inconsistent and equal lines
        // not side by side.
        func order(_ a: AllocationLine, _ b: AllocationLine) -> Int {
            if a.step != b.step { return a.step < b.step ? -1 : 1 }
            let pa = position[a.costCenter] ?? 0
            let pb = position[b.costCenter] ?? 0
            if pa != pb { return pa < pb ? -1 : 1 }
            if a.kind != b.kind { return kindOrder(a.kind) < kindOrder(b.kind) ? -1 : 1 }
            var order = ByteOrder.compare(a.currency.code, b.currency.code)
            if order == 0 { order = ByteOrder.compare(a.sourceKey, b.sourceKey) }
            if order == 0 { order = ByteOrder.compare(a.subscriptionId, b.subscriptionId) }
            if order == 0 { order = ByteOrder.compare(a.resourceGroup, b.resourceGroup) }
            if order == 0 { order = ByteOrder.compare(a.meterCategory, b.meterCategory) }
            if order == 0 { order = ByteOrder.compare(a.serviceCategory, b.serviceCategory) }
            if order == 0 { order = ByteOrder.compare(a.chargeType, b.chargeType) }
            if order == 0 { order = ByteOrder.compare(a.rule, b.rule) }
            if order == 0 { order = ByteOrder.compare(a.basis, b.basis) }
            if order == 0 { order = ByteOrder.compare(a.fromCostCenter, b.fromCostCenter) }
            if order == 0 { order = ByteOrder.compare(a.subscriptionName, b.subscriptionName) }
            if order == 0 { order = ByteOrder.compare(a.costCenter, b.costCenter) }
            return order
        }
        lines.sort { order($0, $1) < 0 }
        var kept = 0
        for index in lines.indices {
            if kept > 0 && order(lines[kept - 1], lines[index]) == 0 {
                lines[kept - 1].amount += lines[index].amount
            } else {
                if kept != index { lines.swapAt(kept, index) }
                kept += 1
            }
        }
        lines.removeLast(lines.count - kept)
        lines.removeAll { $0.amount.isZero }
    }

    /// Charges per cost center and currency: own direct, received, given, total; the subtree total
    /// and the budget. A row is kept when the subtree has any line in the currency or a budget in it.
    ///
    /// Received and given count only what moved between different cost centers (or came off-bill):
    /// the share a pool hands back to its own source (`remainder_to: source`) is a `shared_out`
    /// line of its own, netted against what the source gave (``PoolRunner``).
    static func summarize(_ lines: [AllocationLine], tree: CostCenterTree) -> [CostCenterCharge] {
        struct Own {
            var direct = Amount.zero
            var received = Amount.zero
            var given = Amount.zero
            var any = false
        }
        var own: [String: [CurrencyCode: Own]] = [:]
        var currencies: Set<CurrencyCode> = []
        for line in lines {
            currencies.insert(line.currency)
            var entry = own[line.costCenter]?[line.currency] ?? Own()
            entry.any = true
            switch line.kind {
            case .direct: entry.direct += line.amount
            case .sharedIn: entry.received += line.amount
            case .sharedOut: entry.given -= line.amount
            }
            own[line.costCenter, default: [:]][line.currency] = entry
        }
        for node in tree.nodes { for budget in node.budgets { currencies.insert(budget.currency) } }
        // Subtree totals: each node's own total added to itself and every ancestor.
        var subtree: [CurrencyCode: [Amount]] = [:]
        var active: [CurrencyCode: [Bool]] = [:]
        for currency in currencies {
            var totals = [Amount](repeating: .zero, count: tree.nodes.count)
            var flags = [Bool](repeating: false, count: tree.nodes.count)
            for (index, node) in tree.nodes.enumerated() {
                guard let entry = own[node.id]?[currency] else { continue }
                var current: Int? = index
                while let at = current {
                    totals[at] += entry.direct + entry.received - entry.given
                    flags[at] = flags[at] || entry.any
                    current = tree.parents[at]
                }
            }
            subtree[currency] = totals
            active[currency] = flags
        }
        var charges: [CostCenterCharge] = []
        for (index, node) in tree.nodes.enumerated() {
            for currency in currencies.sorted() {
                let total = subtree[currency]?[index] ?? .zero
                let budget = node.budgets.first { $0.currency == currency }?.amount
                guard active[currency]?[index] == true || budget != nil else { continue }
                let entry = own[node.id]?[currency] ?? Own()
                var used: Amount?
                if let budget, !budget.isZero, let ratio = total.divided(by: budget),
                    let percent = ratio.multiplied(by: Amount(100))
                {
                    used = percent.rounded(scale: 1)
                }
                charges.append(
                    CostCenterCharge(
                        costCenter: node.id,
                        currency: currency,
                        direct: entry.direct,
                        sharedReceived: entry.received,
                        sharedGiven: entry.given,
                        total: entry.direct + entry.received - entry.given,
                        subtreeTotal: total,
                        budget: budget,
                        budgetUsedPercent: used
                    )
                )
            }
        }
        return charges
    }

    /// Notes on tag keys the rules read: spellings that differ, values that conflict within one
    /// resource, values that are not valid tag JSON.
    static func tagDiagnostics(_ rollup: CostRollup, engine: inout RuleEngine) -> [AllocationDiagnostic] {
        let keys = engine.tagKeysRead
        guard !keys.isEmpty else { return [] }
        var spellings: [String: Set<String>] = [:]
        var conflicts: [String: (rows: Int, amount: [CurrencyCode: Amount], examples: Set<String>)] = [:]
        var malformed: (rows: Int, amount: [CurrencyCode: Amount], examples: Set<String>) = (0, [:], [])
        for cost in rollup.costs where !cost.tags.isEmpty {
            let parsed = engine.tags.parsed(cost.tags)
            if let problem = parsed.malformed {
                malformed.rows += cost.rows
                malformed.amount[cost.currency, default: .zero] += cost.amount
                malformed.examples.insert(problem)
                continue
            }
            for key in keys {
                for spelling in parsed.spellings[key] ?? [] { spellings[key, default: []].insert(spelling) }
            }
            for conflict in parsed.conflicts where keys.contains(conflict.key) {
                var entry = conflicts[conflict.key] ?? (0, [:], [])
                entry.rows += cost.rows
                entry.amount[cost.currency, default: .zero] += cost.amount
                entry.examples.insert(conflict.values.joined(separator: " vs "))
                conflicts[conflict.key] = entry
            }
        }
        var result: [AllocationDiagnostic] = []
        for key in spellings.keys.sorted() where (spellings[key]?.count ?? 0) > 1 {
            let written = (spellings[key] ?? []).sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            result.append(
                AllocationDiagnostic(
                    severity: .note,
                    message:
                        "tag key \(key) is written \(spellings[key]?.count ?? 0) ways (\(written)); all are matched as one key"
                )
            )
        }
        for key in conflicts.keys.sorted() {
            guard let entry = conflicts[key] else { continue }
            result.append(
                AllocationDiagnostic(
                    severity: .warning,
                    message:
                        "tag key \(key) collides within one resource's tags, with different values (\(entry.examples.sorted().prefix(3).joined(separator: "; "))): "
                        + "the first non-empty value was used (\(entry.rows) rows, \(amounts(entry.amount)))"
                )
            )
        }
        if malformed.rows > 0 {
            result.append(
                AllocationDiagnostic(
                    severity: .warning,
                    message:
                        "\(malformed.rows) rows have tags that are not valid JSON pairs (\(malformed.examples.sorted().prefix(3).joined(separator: "; "))); they were treated as untagged (\(amounts(malformed.amount)))"
                )
            )
        }
        return result
    }

    /// Amounts for a message, `12.34 USD, 269.12529611388916 GBP`: to the minor unit when that is
    /// exact, else the exact sum. Never the sum rounded alone: the allocation rounds its lines by
    /// largest remainder, so that figure can be a cent off what was charged (269.13 said, 269.12
    /// charged).
    static func amounts(_ values: [CurrencyCode: Amount]) -> String {
        values.keys.sorted()
            .map { currency in
                let value = values[currency] ?? .zero
                let whole = value.rounded(scale: currency.minorUnitDigits) == value
                return "\(whole ? value.fixed(currency.minorUnitDigits) : "\(value)") \(currency.code)"
            }
            .joined(separator: ", ")
    }
}
