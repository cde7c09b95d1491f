import Testing

@testable import ReckonKit

/// For random trees, rules, pools and costs (amounts with 18 fractional digits, negatives, several
/// currencies with 0, 2 and 3 minor-unit digits): every cent is allocated exactly once and the
/// journal balances.
@Suite struct AllocationPropertyTests {
    static let currencies = ["USD", "JPY", "KWD", "GBP"]

    static func randomAmount(_ random: inout TestRandom) -> Amount {
        // Up to ±10⁶ with 18 fractional digits; a fifth negative.
        let units =
            Int128(random.next() % 1_000_000) * Int128(1_000_000_000_000) * Int128(random.next() % 1_000_000 + 1)
            + Int128(random.next() % 1_000_000)
        return Amount(units: random.bool(20) ? -units : units)
    }

    static func randomCase(seed: UInt64) throws -> (AllocationConfig, [SourceCost]) {
        var random = TestRandom(seed: seed)
        var config = AllocationConfig()
        let count = random.int(2..<12)
        var ids: [String] = []
        for index in 0..<count {
            let id = "cc\(index)"
            let parent = index > 0 && random.bool(40) ? ids[random.int(0..<ids.count)] : nil
            config.costCenters.append(
                CostCenterSpec(id: id, glAccount: random.bool(30) ? "6\(index)00" : nil, parent: parent)
            )
            ids.append(id)
        }
        let all = ids + ["unallocated"]
        func pick() -> String { all[random.int(0..<all.count)] }
        for index in 0..<random.int(0..<6) {
            switch random.int(0..<3) {
            case 0:
                config.rules.append(
                    MappingRule(
                        name: "sub\(index)",
                        match: RuleMatch([MatchCondition(.subscription, ["s\(random.int(0..<6))"])]),
                        target: .costCenter(pick())
                    )
                )
            case 1:
                config.rules.append(
                    MappingRule(
                        name: "tag\(index)",
                        match: RuleMatch([MatchCondition(.tag("cc"), [])]),
                        target: .tagValue("cc")
                    )
                )
            default:
                config.rules.append(
                    MappingRule(
                        name: "rg\(index)",
                        match: RuleMatch([MatchCondition(.resourceGroup, ["rg\(random.int(0..<4))*"])]),
                        target: .costCenter(pick()),
                        validity: random.bool(30) ? Validity(from: AllocationTest.day(random.int(2..<28))) : .always
                    )
                )
            }
        }
        for index in 0..<random.int(0..<5) {
            var targets = all.filter { _ in random.bool(50) }
            let offBill = random.bool(25)
            let source = pick()
            targets.removeAll { $0 == source && !offBill }
            if targets.isEmpty { targets = [all.first { $0 != source } ?? "cc0"] }
            let method: PoolMethod
            switch random.int(0..<4) {
            case 0: method = .even
            case 1:
                var left = 100
                var shares: [(costCenter: String, percent: Amount)] = []
                for (position, target) in targets.enumerated() {
                    let percent = position == targets.count - 1 ? left : random.int(0..<(left + 1))
                    if percent > 0 { shares.append((target, Amount(percent))) }
                    left -= percent
                }
                if shares.isEmpty { shares = [(targets[0], Amount(100))] }
                if random.bool(30), let last = shares.last, last.percent > Amount(1) {
                    shares[shares.count - 1].percent = last.percent - Amount(1)
                    method = .percent(shares, remainderTo: offBill ? targets[0] : "source")
                } else {
                    method = .percent(shares, remainderTo: nil)
                }
            case 2:
                method = .proportional(
                    random.bool(50) ? .total : .serviceCategory("Compute"),
                    ifNoBasis: random.bool(50) ? .even : .keep
                )
            default:
                method = .driver(
                    DriverTable(
                        file: "d.csv",
                        rows: targets.map { ($0, Amount(random.int(1..<50)), ConfigLocation.code) }
                    )
                )
            }
            let currency = CurrencyCode(currencies[random.int(0..<currencies.count)])
            let amount = Amount(minorUnits: Int128(random.int(-500..<100_000)), scale: currency.minorUnitDigits)
            config.pools.append(
                PoolSpec(
                    name: "pool\(index)",
                    source: offBill
                        ? .offBill(Money(amount: amount, currency: currency)) : .costCenter(source, match: RuleMatch()),
                    method: method,
                    targets: .list(targets)
                )
            )
        }
        var costs: [SourceCost] = []
        for _ in 0..<random.int(1..<40) {
            var cost = SourceCost(
                currency: CurrencyCode(currencies[random.int(0..<currencies.count)]),
                amount: randomAmount(&random),
                day: AllocationTest.day(random.int(1..<32))
            )
            cost.subscriptionId = "s\(random.int(0..<6))"
            cost.resourceGroup = "rg\(random.int(0..<4))-x"
            cost.serviceCategory = ["Compute", "Storage", "Networking", ""][random.int(0..<4)]
            cost.meterCategory = ["VM", "Disk", "Logs"][random.int(0..<3)]
            cost.tags = random.bool(50) ? "\"cc\": \"\(pick())\"" : (random.bool(20) ? "\"CC \": \"nobody\"" : "")
            costs.append(cost)
        }
        try config.validate()
        return (config, costs)
    }

    @Test(arguments: 0..<300) func everyCentIsAllocatedOnceAndTheJournalBalances(seed: Int) throws {
        let (config, costs) = try Self.randomCase(seed: UInt64(seed) &* 7919 &+ 17)
        let result = try Allocator.allocate(CostRollup(period: AllocationTest.october, costs: costs), config: config)

        var source: [CurrencyCode: Amount] = [:]
        for cost in costs { source[cost.currency, default: .zero] += cost.amount }
        var offBill: [CurrencyCode: Amount] = [:]
        for share in result.shares { offBill[share.currency] = share.offBill }
        var lines: [CurrencyCode: Amount] = [:]
        var perCenter: [String: Amount] = [:]
        for line in result.lines {
            lines[line.currency, default: .zero] += line.amount
            perCenter["\(line.costCenter)|\(line.currency.code)", default: .zero] += line.amount
            // Every line is a whole number of minor units.
            #expect(line.amount.rounded(scale: line.currency.minorUnitDigits, rule: .towardZero) == line.amount)
        }
        for currency in Set(source.keys).union(offBill.keys) {
            let expected =
                (source[currency] ?? .zero).rounded(scale: currency.minorUnitDigits) + (offBill[currency] ?? .zero)
            #expect((lines[currency] ?? .zero) == expected, "lines in \(currency.code)")
            let charged = result.charges.filter { $0.currency == currency }.reduce(Amount.zero) { $0 + $1.total }
            #expect(charged == expected, "chargeback in \(currency.code)")
        }
        for charge in result.charges {
            #expect(charge.total == (perCenter["\(charge.costCenter)|\(charge.currency.code)"] ?? .zero))
            #expect(charge.total == charge.direct + charge.sharedReceived - charge.sharedGiven)
        }
        // A statement lists what each pool step moved in and out of its cost center (its own
        // share of a pool it is the source of moves nowhere); those sums are the chargeback's
        // shared received and given, which come from the allocation lines.
        var stepReceived: [String: Amount] = [:]
        var stepGiven: [String: Amount] = [:]
        for step in result.steps {
            for share in step.shares where share.costCenter != step.from {
                stepReceived["\(share.costCenter)|\(step.currency.code)", default: .zero] += share.amount
                if !step.from.isEmpty {
                    stepGiven["\(step.from)|\(step.currency.code)", default: .zero] += share.amount
                }
            }
        }
        for charge in result.charges {
            let key = "\(charge.costCenter)|\(charge.currency.code)"
            #expect(charge.sharedReceived == (stepReceived[key] ?? .zero), "received \(key)")
            #expect(charge.sharedGiven == (stepGiven[key] ?? .zero), "given \(key)")
        }
        for share in result.shares { #expect(share.direct + share.sharedReceived - share.sharedGiven == share.total) }
        for record in result.steps where !record.shares.isEmpty {
            #expect(record.shares.reduce(Amount.zero) { $0 + $1.amount } == record.amount)
        }
        #expect(result.journal.isBalanced)
        for entry in result.journal.entries {
            #expect(entry.totalDebit == entry.totalCredit)
            let net = entry.lines.reduce(Amount.zero) { $0 + $1.debit - $1.credit }
            #expect(net.isZero)
        }
    }

    /// The random cases do exercise what the property is about: pools that move money (cascades,
    /// off-bill amounts, percentages with a remainder), several currencies, negative totals.
    @Test func theRandomCasesCoverThePools() throws {
        var moved = 0
        var offBill = 0
        var remainders = 0
        var negative = 0
        var currencies: Set<String> = []
        for seed in 0..<300 {
            let (config, costs) = try Self.randomCase(seed: UInt64(seed) &* 7919 &+ 17)
            let result = try Allocator.allocate(
                CostRollup(period: AllocationTest.october, costs: costs),
                config: config
            )
            moved += result.steps.filter { record in record.shares.contains { !$0.amount.isZero } }.count
            offBill += result.shares.filter { !$0.offBill.isZero }.count
            remainders += result.lines.filter { $0.basis.contains("(remainder") }.count
            negative += result.charges.filter { $0.total.signum < 0 }.count
            currencies.formUnion(result.shares.map(\.currency.code))
        }
        #expect(moved > 200)
        #expect(offBill > 50)
        #expect(remainders > 10)
        #expect(negative > 50)
        #expect(currencies == ["GBP", "JPY", "KWD", "USD"])
    }
}
