import Foundation

/// A (resource, meter) pair that emits one usage row a day, with its pre-encoded CSV segments.
struct FixturePair {
    var resource: Int
    var meter: Int
    var subscription: Int
    var profile: Int
    /// Columns serviceFamily … location (16..<36), each followed by a comma.
    var middle: [UInt8]
    /// Columns isAzureCreditEligible … tags (49..<54).
    var context: [UInt8]
    var line: Int
}

/// Pre-encoded columns that depend only on a meter and a billing profile.
struct FixtureMeterSegments {
    /// `effectivePrice,`
    var price: [UInt8]
    /// unitOfMeasure … pricingCurrency (38..<42).
    var units: [UInt8]
    /// PayGPrice … provider (54..<65), ending in LF.
    var tail: [UInt8]
}

/// The reservation bought this month.
struct FixtureReservation {
    var orderId: String
    var reservationId: String
    var name: String
    var productOrderName: String
    var monthlyCharge: Amount
    var purchaseDay: Int
    /// Reserved hours per day (2 instances).
    var capacityHours: Amount
    var meter: Int
    var vms: [FixtureResource]
}

/// Everything the row engine needs, built once from the options: the company, the special
/// resources, the pre-encoded segments and the registered invoice lines.
struct FixtureScenario {
    var company: FixtureCompany
    var calendar: FixtureCalendar
    var pairs: [FixturePair] = []
    var meterSegments: [FixtureMeterSegments] = []
    /// Columns invoiceId … servicePeriodStartDate (0..<15) per subscription: [pending, invoiced].
    var subscriptionHeads: [[[UInt8]]] = []
    /// `MM/dd/yyyy,` per day (index 0 unused).
    var dateSegments: [[UInt8]] = []
    /// exchangeRatePricingToBilling, exchangeRateDate (47..<49) per profile.
    var exchangeSegments: [[UInt8]] = []
    var sharedLog: FixtureResource
    var reservation: FixtureReservation
    var allocationTargets: [(subscription: Int, percent: Int)] = [(2, 50), (3, 30), (4, 20)]
    static let allocationRuleName = "Shared-Platform-Logging"
    /// Pair indices whose rows on `plantedPriceDays` get a cost 5% above quantity × price.
    var plantedPricePairs: [Int] = []
    var plantedPriceDays: [Int] = []
    /// The meter the price sheet lists 7.5% below the price charged.
    var overchargedMeter: Int
    var ledger = FixtureLedger()

    init(seed: UInt64, year: Int, month: Int, pairsPerDay: Int) {
        let calendar = FixtureCalendar(year: year, month: month)
        // Each month its own invoice numbers (October 2026, the bundled month, keeps its own).
        let company = FixtureCompany(
            seed: seed,
            pairsPerDay: pairsPerDay,
            monthsAfterOctober2026: (year - 2026) * 12 + month - 10
        )
        self.calendar = calendar
        self.company = company
        var random = FixtureRandom(seed: seed, stream: 2)
        let meters = company.meters
        func meterIndex(_ name: String, kind: FixtureResourceKind, windows: Bool = false) -> Int {
            meters.first {
                $0.template.name == name && $0.template.kind == kind && $0.region?.arm == "eastus"
                    && $0.template.windows == windows
            }?
            .index ?? 0
        }
        let logMeter = meterIndex("Analytics Logs Data Ingestion", kind: .logAnalytics)
        let vmMeter = meterIndex("D4s v5", kind: .virtualMachine)
        var counters: [String: Int] = [:]
        sharedLog = company.makeResource(
            index: -1,
            subscription: company.subscriptions[0],
            kind: .logAnalytics,
            region: 0,
            meters: [logMeter],
            counters: &counters,
            random: &random
        )
        var vms: [FixtureResource] = []
        for offset in 0..<2 {
            vms.append(
                company.makeResource(
                    index: -2 - offset,
                    subscription: company.subscriptions[1],
                    kind: .virtualMachine,
                    region: 0,
                    meters: [vmMeter],
                    counters: &counters,
                    random: &random
                )
            )
        }
        reservation = FixtureReservation(
            orderId: random.guid(),
            reservationId: random.guid(),
            name: "VM_RI_\(calendar.usDate(14).replacingOccurrences(of: "/", with: "-"))_09-12",
            productOrderName: "Reserved VM Instance, Standard_D4s_v5, US East, 1 Year",
            monthlyCharge: Amount(minorUnits: 16994, scale: 2),
            purchaseDay: 14,
            capacityHours: Amount(48),
            meter: vmMeter,
            vms: vms
        )
        overchargedMeter = vmMeter
        buildSegments()
        choosePlantedRows()
    }

    /// Encodes the per-subscription, per-day, per-meter and per-pair segments and registers lines.
    private mutating func buildSegments() {
        dateSegments = [[]] + (1...calendar.days).map { Array((calendar.usDate($0) + ",").utf8) }
        exchangeSegments = company.profiles.map { _ in
            var record = FixtureCostRecord()
            record[.exchangeRatePricingToBilling] = "1"
            record[.exchangeRateDate] = calendar.usDate(1)
            return record.segment(47..<49)
        }
        subscriptionHeads = company.subscriptions.map { subscription in
            [false, true].map { invoiced in head(subscription: subscription, invoiced: invoiced).segment(0..<15) }
        }
        meterSegments = []
        for meter in company.meters {
            for profile in company.profiles {
                let record = usageRecord(resource: sharedLog, meter: meter, profile: profile.index, invoiced: true)
                meterSegments.append(
                    FixtureMeterSegments(
                        price: record.segment(36..<37),
                        units: record.segment(38..<42),
                        tail: record.segment(54..<65)
                    )
                )
            }
        }
        pairs = []
        for resource in company.resources {
            let subscription = company.subscriptions[resource.subscription]
            for meterIndex in resource.meters {
                let meter = company.meters[meterIndex]
                let record = usageRecord(
                    resource: resource,
                    meter: meter,
                    profile: subscription.profile,
                    invoiced: true
                )
                pairs.append(
                    FixturePair(
                        resource: resource.index,
                        meter: meterIndex,
                        subscription: subscription.index,
                        profile: subscription.profile,
                        middle: record.segment(16..<36),
                        context: record.segment(49..<54),
                        line: register(record, meter: meter)
                    )
                )
            }
        }
    }

    /// Registers the invoice line of a cost record and returns its index.
    mutating func register(_ record: FixtureCostRecord, meter: FixtureMeter?, transactionType: String = "Usage") -> Int
    {
        let profile = company.profiles.firstIndex { $0.id == record[.billingProfileId] } ?? 0
        let section = company.profiles[profile].sections.firstIndex { $0.id == record[.invoiceSectionId] } ?? 0
        let key = FixtureLineKey(
            profile: profile,
            section: section,
            productOrderName: record[.productOrderName],
            serviceFamily: record[.serviceFamily],
            meterName: record[.meterName]
        )
        let day = Int(record[.date].split(separator: "/").dropFirst().first ?? "1") ?? 1
        return ledger.line(
            key,
            details: FixtureLineDetails(
                description: record[.meterName].isEmpty ? record[.productName] : record[.meterName],
                productType: record[.meterCategory],
                productTypeId: record[.productId],
                unitOfMeasure: record[.unitOfMeasure],
                effectivePrice: meter?.price[profile] ?? (try? Amount.parse(record[.effectivePrice])) ?? .zero,
                marketPrice: meter?.listPrice[profile] ?? (try? Amount.parse(record[.payGPrice])) ?? .zero,
                transactionType: transactionType,
                day: day
            )
        )
    }

    /// Picks the overcharged meter (the first VM meter with rows, other than the reserved one) and
    /// three VM pairs of other meters for the price-check rows.
    private mutating func choosePlantedRows() {
        let meters = company.meters
        let isVM = { (pair: FixturePair) in meters[pair.meter].template.kind == .virtualMachine }
        if let first = pairs.first(where: { isVM($0) && $0.meter != reservation.meter }) {
            overchargedMeter = first.meter
        }
        var chosen: [Int] = []
        for (index, pair) in pairs.enumerated() where isVM(pair) && pair.meter != overchargedMeter && chosen.count < 3 {
            chosen.append(index)
        }
        plantedPricePairs = chosen
        plantedPriceDays = [5, 17, min(26, calendar.days)].prefix(chosen.count).map { $0 }
    }
}
