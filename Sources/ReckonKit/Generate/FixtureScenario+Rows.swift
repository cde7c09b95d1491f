/// One pass over the month that writes cost rows.
struct FixtureRowPass {
    /// The random stream of this pass: the final run and the superseded run differ here.
    var stream: UInt64
    /// The final, invoiced run: rows carry invoiceId, feed the ledger and end with rounding rows.
    var invoiced: Bool
    var lastDay: Int
    /// Plain usage rows spread over the days.
    var usageRows: Int
}

/// A row planted so that quantity × effectivePrice differs from its cost by 5%.
struct FixturePlantedPriceRow {
    var actualBlob: String
    var actualRow: Int
    var amortizedBlob: String
    var amortizedRow: Int
    var date: String
    var resourceId: String
    var meterName: String
    var quantity: Amount
    var effectivePrice: Amount
    var cost: Amount
}

extension FixtureScenario {
    /// Writes one pass: per day the plain usage rows, then the special rows of the day.
    ///
    /// - Returns: the planted price-check rows and the rounding adjustment of each invoice.
    mutating func writeRows(
        pass: FixtureRowPass,
        seed: UInt64,
        actual: FixtureExportWriter,
        amortized: FixtureExportWriter?
    ) throws(FixtureGenerationError) -> (planted: [FixturePlantedPriceRow], rounding: [Amount]) {
        var random = FixtureRandom(seed: seed, stream: pass.stream)
        let row = FixtureByteBuffer(capacity: 1 << 14)
        let perDay = pass.usageRows / pass.lastDay
        let remainder = pass.usageRows % pass.lastDay
        let headIndex = pass.invoiced ? 1 : 0
        let profileCount = company.profiles.count
        let usdRates = company.profiles.map(\.usdRate)
        let tiny = Amount(minorUnits: 1, scale: 4)
        let plantedFactor = Amount(minorUnits: 105, scale: 2)
        var planted: [FixturePlantedPriceRow] = []
        for day in 1...pass.lastDay {
            let count = perDay + (day <= remainder ? 1 : 0)
            let plantedSlot = pass.invoiced ? plantedPriceDays.firstIndex(of: day) : nil
            for k in 0..<count {
                let pairIndex = k % pairs.count
                let pair = pairs[pairIndex]
                let meter = company.meters[pair.meter]
                let price = meter.price[pair.profile]
                let scale = company.resources[pair.resource].scale
                let (quantity, baseCost, payg) = draw(
                    meter.template.quantity,
                    price: price,
                    list: meter.listPrice[pair.profile],
                    scale: scale,
                    cpuFactor: meter.template.kind == .cosmos ? scale % 40 + 4 : 1,
                    random: &random
                )
                var cost = baseCost
                if let plantedSlot, k == pairIndex, plantedPricePairs[plantedSlot] == pairIndex {
                    cost = baseCost.fixtureTimes(plantedFactor)
                    let actualAt = actual.nextRowPosition
                    let amortizedAt = amortized?.nextRowPosition ?? (blob: "", row: 0)
                    planted.append(
                        FixturePlantedPriceRow(
                            actualBlob: actualAt.blob,
                            actualRow: actualAt.row,
                            amortizedBlob: amortizedAt.blob,
                            amortizedRow: amortizedAt.row,
                            date: calendar.usDate(day),
                            resourceId: company.resources[pair.resource].resourceId,
                            meterName: meter.template.name,
                            quantity: quantity,
                            effectivePrice: price,
                            cost: cost
                        )
                    )
                }
                let segments = meterSegments[pair.meter * profileCount + pair.profile]
                row.removeAll()
                row.append(subscriptionHeads[pair.subscription][headIndex])
                row.append(dateSegments[day])
                row.append(pair.middle)
                row.append(segments.price)
                row.append(amount: quantity)
                row.append(UInt8(ascii: ","))
                row.append(segments.units)
                let scientific = !cost.isZero && cost.magnitude < tiny && random.chance(1, in: 3)
                for _ in 0..<2 {
                    if scientific { row.append(scientific: cost) } else { row.append(amount: cost) }
                    row.append(UInt8(ascii: ","))
                }
                let rate = usdRates[pair.profile]
                row.append(amount: pair.profile == 0 ? cost : cost.fixtureTimes(rate))
                row.append(UInt8(ascii: ","))
                row.append(amount: payg)
                row.append(UInt8(ascii: ","))
                row.append(amount: pair.profile == 0 ? payg : payg.fixtureTimes(rate))
                row.append(UInt8(ascii: ","))
                row.append(exchangeSegments[pair.profile])
                row.append(pair.context)
                row.append(segments.tail)
                try actual.write(row: row)
                actual.totals.countUsage(profile: pair.profile, cost: cost)
                if let amortized {
                    try amortized.write(row: row)
                    amortized.totals.countUsage(profile: pair.profile, cost: cost)
                }
                if pass.invoiced { ledger.add(line: pair.line, cost: cost, quantity: quantity) }
            }
            try writeSpecialRows(day: day, pass: pass, random: &random, row: row, actual: actual, amortized: amortized)
        }
        var rounding: [Amount] = []
        if pass.invoiced {
            for profile in company.profiles.indices {
                var exact = Amount.zero
                var rounded = Amount.zero
                for line in ledger.keys.indices where ledger.keys[line].profile == profile {
                    exact += ledger.lineCost[line]
                    rounded += ledger.lineCost[line].rounded(scale: 2)
                }
                let adjustment = rounded - exact
                rounding.append(adjustment)
                let record = roundingAdjustment(profile: profile, amount: adjustment)
                try emit(record, profile: profile, cost: adjustment, row: row, to: [actual, amortized])
            }
        }
        return (planted, rounding)
    }

    /// Draws a day's quantity and returns it with the cost and pay-as-you-go cost.
    func draw(
        _ model: FixtureQuantityModel,
        price: Amount,
        list: Amount,
        scale: Int,
        cpuFactor: Int,
        random: inout FixtureRandom
    ) -> (Amount, Amount, Amount) {
        let quantity: Amount
        switch model {
        case .hours:
            let hours =
                random.chance(4, in: 5)
                ? Amount(24) : Amount(minorUnits: Int128(random.int(in: 1...1439)) * 1_000_000 / 60, scale: 6)
            quantity = cpuFactor == 1 ? hours : hours.fixtureTimes(Amount(cpuFactor))
        case .monthly:
            let days = Amount(calendar.days)
            let share = Amount.one.fixtureOver(days).rounded(scale: 8)
            return (share, price.fixtureOver(days), list.fixtureOver(days))
        case .daily: quantity = Amount(1)
        case .storedGB(let range):
            let span = range.upperBound - range.lowerBound
            let gigabytes = range.lowerBound + span * scale / 1000 + random.below(max(1, span / 50))
            quantity = Amount(gigabytes).fixtureOver(Amount(calendar.days)).rounded(scale: 8)
        case .transferGB(let range):
            let micros = max(1, random.int(in: range) >> random.below(22))
            quantity = Amount(minorUnits: Int128(micros) * 100 + Int128(random.below(100)), scale: 8)
        case .operations(let range, let block):
            let operations = max(1, random.int(in: range) >> random.below(18))
            quantity = Amount(units: Int128(operations) * (Amount.one.units / Int128(block)))
        }
        return (quantity, quantity.fixtureTimes(price), quantity.fixtureTimes(list))
    }

    /// Writes a generic record to the given writers and counts it.
    func emit(
        _ record: FixtureCostRecord,
        profile: Int,
        cost: Amount,
        allocation: Bool = false,
        row: FixtureByteBuffer,
        to writers: [FixtureExportWriter?]
    ) throws(FixtureGenerationError) {
        row.removeAll()
        record.line(into: row)
        for case let writer? in writers {
            try writer.write(row: row)
            writer.totals.count(profile: profile, cost: cost, chargeType: record[.chargeType], allocation: allocation)
        }
    }
}
