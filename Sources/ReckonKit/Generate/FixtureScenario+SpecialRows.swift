/// The Marketplace SaaS products of the fixture: a monthly purchase and a refunded annual plan.
enum FixtureMarketplace {
    static let datadog = (
        publisher: "Datadog", publisherId: "datadog1591740804488", order: "Datadog - Pro (Monthly)", plan: "Pro Monthly"
    )
    static let veeam = (
        publisher: "Veeam Software", publisherId: "veeam", order: "Veeam Backup for Microsoft 365 - Annual",
        plan: "Annual Subscription"
    )
    static let saasDay = 3
    static let refundDay = 9
    static let saasSubscription = 5
    static let refundSubscription = 6
}

extension FixtureScenario {
    /// The rows written after the plain usage of a day: reserved VMs (and the reservation purchase
    /// and unused hours), the shared workspace and its cost allocation, Marketplace charges.
    mutating func writeSpecialRows(
        day: Int,
        pass: FixtureRowPass,
        random: inout FixtureRandom,
        row: FixtureByteBuffer,
        actual: FixtureExportWriter,
        amortized: FixtureExportWriter?
    ) throws(FixtureGenerationError) {
        let invoiced = pass.invoiced
        let vmMeter = company.meters[reservation.meter]
        let covered = day >= reservation.purchaseDay
        let dailyShare = reservation.monthlyCharge.fixtureOver(Amount(calendar.days))
        let hourlyShare = dailyShare.fixtureOver(reservation.capacityHours)
        if day == reservation.purchaseDay {
            let record = reservationPurchase(invoiced: invoiced)
            try emit(record, profile: 0, cost: reservation.monthlyCharge, row: row, to: [actual])
            if invoiced {
                let line = register(record, meter: nil, transactionType: "Purchase")
                ledger.add(line: line, cost: reservation.monthlyCharge, quantity: Amount(1))
            }
        }
        var usedHours = Amount.zero
        var coveredCost = Amount.zero
        for vm in 0..<2 {
            let choices: [Amount] = [
                Amount(24), Amount(24), Amount(24), Amount(20), Amount(minorUnits: 165, scale: 1),
                Amount(minorUnits: 825, scale: 2),
            ]
            let hours = vm == 0 ? Amount(24) : random.pick(choices)
            usedHours += hours
            if covered {
                let actualRecord = coveredUsage(
                    vm: vm,
                    day: day,
                    hours: hours,
                    effectivePrice: .zero,
                    invoiced: invoiced
                )
                try emit(actualRecord, profile: 0, cost: .zero, row: row, to: [actual])
                if invoiced { ledger.add(line: register(actualRecord, meter: vmMeter), cost: .zero, quantity: hours) }
                let share = hours.fixtureTimes(hourlyShare)
                coveredCost += share
                let amortizedRecord = coveredUsage(
                    vm: vm,
                    day: day,
                    hours: hours,
                    effectivePrice: hourlyShare,
                    invoiced: invoiced
                )
                try emit(amortizedRecord, profile: 0, cost: share, row: row, to: [amortized])
            } else {
                var record = usageRecord(resource: reservation.vms[vm], meter: vmMeter, profile: 0, invoiced: invoiced)
                let cost = hours.fixtureTimes(vmMeter.price[0])
                record[.date] = calendar.usDate(day)
                record[.quantity] = hours.fixtureText
                record.setCosts(cost: cost, payg: hours.fixtureTimes(vmMeter.listPrice[0]), usdRate: Amount(1))
                try emit(record, profile: 0, cost: cost, row: row, to: [actual, amortized])
                if invoiced { ledger.add(line: register(record, meter: vmMeter), cost: cost, quantity: hours) }
            }
        }
        if covered && usedHours < reservation.capacityHours {
            let unused = reservation.capacityHours - usedHours
            let cost = dailyShare - coveredCost
            let record = unusedReservation(
                day: day,
                hours: unused,
                effectivePrice: hourlyShare,
                cost: cost,
                invoiced: invoiced
            )
            try emit(record, profile: 0, cost: cost, row: row, to: [amortized])
        }
        try writeSharedWorkspace(day: day, invoiced: invoiced, random: &random, row: row, writers: [actual, amortized])
        if day == FixtureMarketplace.saasDay {
            let record = marketplaceCharge(
                subscription: FixtureMarketplace.saasSubscription,
                day: day,
                product: FixtureMarketplace.datadog,
                quantity: Amount(50),
                price: Amount(23),
                chargeType: "Purchase",
                invoiced: invoiced
            )
            try emitCharge(record, invoiced: invoiced, transactionType: "Purchase", row: row, to: [actual, amortized])
        }
        if day == FixtureMarketplace.refundDay {
            let record = marketplaceCharge(
                subscription: FixtureMarketplace.refundSubscription,
                day: day,
                product: FixtureMarketplace.veeam,
                quantity: Amount(-1),
                price: Amount(240),
                chargeType: "Refund",
                invoiced: invoiced
            )
            try emitCharge(record, invoiced: invoiced, transactionType: "Refund", row: row, to: [actual, amortized])
        }
    }

    /// A charge row whose cost and quantity come from its own text, added to its invoice line.
    private mutating func emitCharge(
        _ record: FixtureCostRecord,
        invoiced: Bool,
        transactionType: String,
        row: FixtureByteBuffer,
        to writers: [FixtureExportWriter?]
    ) throws(FixtureGenerationError) {
        let cost = (try? Amount.parse(record[.costInBillingCurrency])) ?? .zero
        let quantity = (try? Amount.parse(record[.quantity])) ?? .zero
        let profile = company.subscriptions.first { $0.guid == record[.subscriptionId] }?.profile ?? 0
        try emit(record, profile: profile, cost: cost, row: row, to: writers)
        if invoiced {
            ledger.add(
                line: register(record, meter: nil, transactionType: transactionType),
                cost: cost,
                quantity: quantity
            )
        }
    }

    /// The shared Log Analytics workspace's daily usage and the allocation of its cost to three
    /// subscriptions (a negative source row and positive target rows, in both exports).
    private mutating func writeSharedWorkspace(
        day: Int,
        invoiced: Bool,
        random: inout FixtureRandom,
        row: FixtureByteBuffer,
        writers: [FixtureExportWriter?]
    ) throws(FixtureGenerationError) {
        let meter = company.meters[sharedLog.meters[0]]
        let (quantity, cost, payg) = draw(
            .transferGB(2_000_000...80_000_000),
            price: meter.price[0],
            list: meter.listPrice[0],
            scale: 1,
            cpuFactor: 1,
            random: &random
        )
        var record = usageRecord(resource: sharedLog, meter: meter, profile: 0, invoiced: invoiced)
        record[.date] = calendar.usDate(day)
        record[.quantity] = quantity.fixtureText
        record.setCosts(cost: cost, payg: payg, usdRate: Amount(1))
        try emit(record, profile: 0, cost: cost, row: row, to: writers)
        if invoiced { ledger.add(line: register(record, meter: meter), cost: cost, quantity: quantity) }

        var source = record
        source[.costAllocationRuleName] = FixtureScenario.allocationRuleName
        source[.quantity] = (-quantity).fixtureText
        source.setCosts(cost: -cost, payg: -payg, usdRate: Amount(1))
        try emit(source, profile: 0, cost: -cost, allocation: true, row: row, to: writers)
        var given = Amount.zero
        for (position, target) in allocationTargets.enumerated() {
            let share = Amount(minorUnits: Int128(target.percent), scale: 2)
            let part = position == allocationTargets.count - 1 ? cost - given : cost.fixtureTimes(share)
            given += part
            let subscription = company.subscriptions[target.subscription]
            var allocated = record
            let head = self.head(subscription: subscription, invoiced: invoiced)
            for column in [
                FixtureCostColumn.invoiceSectionId, .invoiceSectionName, .costCenter, .subscriptionId,
                .subscriptionName,
            ] { allocated[column] = head[column] }
            allocated[.costAllocationRuleName] = FixtureScenario.allocationRuleName
            allocated[.quantity] = quantity.fixtureTimes(share).fixtureText
            allocated.setCosts(cost: part, payg: payg.fixtureTimes(share), usdRate: Amount(1))
            try emit(allocated, profile: 0, cost: part, allocation: true, row: row, to: writers)
        }
    }
}
