/// The price of the planted overcharge: the price sheet lists the meter at price ÷ 1.075.
struct FixtureOvercharge {
    var meterName: String
    var meterId: String
    var region: String
    var unitOfMeasure: String
    var priceSheetUnit: String
    /// Per profile: the effective price in cost rows and the price sheet's UnitPrice (per its unit).
    var charged: [Amount]
    var listed: [Amount]
}

extension FixtureScenario {
    static let priceSheetColumns = [
        "BillingAccountId", "BillingAccountName", "BillingProfileId", "BillingProfileName", "ServiceFamily", "Product",
        "ProductId", "SkuId", "UnitOfMeasure", "MeterId", "MeterName", "MeterType", "MeterCategory", "MeterSubCategory",
        "MeterRegion", "TierMinimumUnits", "EffectiveStartDate", "EffectiveEndDate", "UnitPrice", "BasePrice",
        "MarketPrice", "Currency", "BillingCurrency", "Term", "PriceType",
    ]

    /// The MCA price sheet export (2023-05-01 columns): every Azure meter for both billing profiles,
    /// priced per the sheet's own unit of measure (`100 Hours` rows carry 100× the hourly price),
    /// plus the reservation's price.
    func priceSheet() -> (bytes: [UInt8], rows: Int, overcharge: FixtureOvercharge) {
        let buffer = FixtureByteBuffer(capacity: 1 << 16)
        buffer.append([0xEF, 0xBB, 0xBF])
        buffer.append(FixtureScenario.priceSheetColumns.joined(separator: ","))
        buffer.append(10)
        let divisor = Amount(minorUnits: 1075, scale: 3)
        let start = calendar.isoDate(1) + "T00:00:00Z"
        let end = calendar.isoDate(calendar.days) + "T23:59:59Z"
        var rows = 0
        let overMeter = company.meters[overchargedMeter]
        var overcharge = FixtureOvercharge(
            meterName: overMeter.template.name,
            meterId: overMeter.meterId,
            region: overMeter.meterRegion,
            unitOfMeasure: overMeter.template.unit,
            priceSheetUnit: overMeter.template.priceSheetUnit,
            charged: [],
            listed: []
        )
        func write(_ fields: [String]) {
            for (index, field) in fields.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: ",")) }
                buffer.append(csvField: Array(field.utf8))
            }
            buffer.append(10)
            rows += 1
        }
        for profile in company.profiles {
            for meter in company.meters where meter.template.publisher == nil {
                let template = meter.template
                let block = Amount(template.priceSheetBlock)
                var unitPrice = meter.price[profile.index]
                if meter.index == overchargedMeter {
                    unitPrice = unitPrice.fixtureOver(divisor).rounded(scale: 6)
                    overcharge.charged.append(meter.price[profile.index])
                    overcharge.listed.append(unitPrice.fixtureTimes(block))
                }
                let list = meter.listPrice[profile.index].fixtureTimes(block)
                write([
                    company.accountId, FixtureCompany.accountName, profile.id, profile.name, template.serviceFamily,
                    meter.productName, meter.productId, meter.skuId, template.priceSheetUnit, meter.meterId,
                    template.name, template.kind == .virtualMachine ? "1 Compute Hour" : template.unit,
                    template.category, template.subCategory, meter.meterRegion, "0", start, end,
                    unitPrice.fixtureTimes(block).fixtureText, list.fixtureText, list.fixtureText,
                    profile.currency.code, profile.currency.code, "", "Consumption",
                ])
            }
        }
        let reserved = company.meters[reservation.meter]
        let profile = company.profiles[0]
        let yearly = reservation.monthlyCharge.fixtureTimes(Amount(6))
        write([
            company.accountId, FixtureCompany.accountName, profile.id, profile.name, "Compute",
            reservation.productOrderName, reserved.productId, reserved.skuId, "1 Hour", reserved.meterId,
            reserved.template.name, "1 Compute Hour", "Virtual Machines", reserved.template.subCategory,
            reserved.meterRegion, "0", start, end, yearly.fixtureText, yearly.fixtureText, yearly.fixtureText,
            profile.currency.code, profile.currency.code, "P1Y", "ReservedInstance",
        ])
        return (buffer.array, rows, overcharge)
    }

    /// `subscription-map.csv`: the CMDB export finance keeps (subscription id → cost center).
    ///
    /// Like real CMDB exports it is not perfect: the last subscription is missing and one id is
    /// upper-case.
    func subscriptionMap() -> (bytes: [UInt8], missing: String, upperCased: String) {
        let buffer = FixtureByteBuffer(capacity: 1 << 14)
        buffer.append("subscription_id,cost_center\n")
        let subscriptions = company.subscriptions
        let missing = subscriptions[subscriptions.count - 1]
        let upper = subscriptions[min(7, subscriptions.count - 2)]
        for subscription in subscriptions.dropLast() {
            let id = subscription.index == upper.index ? subscription.guid.uppercased() : subscription.guid
            buffer.append("\(id),\(company.teams[subscription.team].costCenter)\n")
        }
        return (buffer.array, missing.guid, upper.guid)
    }
}
