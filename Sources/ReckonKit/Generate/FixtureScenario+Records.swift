import Foundation

extension FixtureScenario {
    /// Columns 0..<15 for a subscription: invoice, account, profile, section, periods.
    func head(subscription: FixtureSubscription, invoiced: Bool) -> FixtureCostRecord {
        let profile = company.profiles[subscription.profile]
        let section = profile.sections[subscription.section]
        var record = FixtureCostRecord()
        record[.invoiceId] = invoiced ? profile.invoiceName : ""
        record[.billingAccountId] = company.accountId
        record[.billingAccountName] = FixtureCompany.accountName
        record[.billingProfileId] = profile.id
        record[.billingProfileName] = profile.name
        record[.invoiceSectionId] = section.id
        record[.invoiceSectionName] = section.name
        record[.costCenter] = subscription.billingCostCenter
        record[.billingPeriodStartDate] = calendar.usDate(1)
        record[.billingPeriodEndDate] = calendar.usDate(calendar.days)
        record[.servicePeriodStartDate] = calendar.usDate(1)
        record[.servicePeriodEndDate] = calendar.usDate(calendar.days)
        record[.subscriptionId] = subscription.guid
        record[.subscriptionName] = subscription.name
        return record
    }

    /// A plain on-demand usage row of `meter` on `resource`, without date, quantity and costs.
    func usageRecord(resource: FixtureResource, meter: FixtureMeter, profile: Int, invoiced: Bool) -> FixtureCostRecord
    {
        let subscription = company.subscriptions[resource.subscription]
        var record = head(subscription: subscription, invoiced: invoiced)
        let template = meter.template
        let marketplace = template.publisher
        let profileInfo = company.profiles[profile]
        record[.serviceFamily] = template.serviceFamily
        record[.productOrderId] = marketplace == nil ? profileInfo.azurePlanOrderId : meter.orderId
        record[.productOrderName] = marketplace?.order ?? "Azure plan"
        record[.consumedService] = template.consumedService
        record[.meterId] = meter.meterId
        record[.meterName] = template.name
        record[.meterCategory] = template.category
        record[.meterSubCategory] = template.subCategory
        record[.meterRegion] = meter.meterRegion
        record[.productId] = meter.productId
        record[.productName] = meter.productName
        record[.publisherType] = marketplace == nil ? "Microsoft" : "Marketplace"
        record[.publisherId] = marketplace?.id ?? ""
        record[.publisherName] = marketplace?.name ?? "Microsoft"
        record[.resourceGroupName] = resource.resourceGroup
        record[.resourceId] = resource.resourceId
        record[.resourceLocation] = resource.location
        record[.location] = resource.locationDisplay
        record[.effectivePrice] = meter.price[profile].fixtureText
        record[.unitOfMeasure] = template.unit
        record[.chargeType] = "Usage"
        record[.billingCurrency] = profileInfo.currency.code
        record[.pricingCurrency] = profileInfo.currency.code
        record[.exchangeRatePricingToBilling] = "1"
        record[.exchangeRateDate] = calendar.usDate(1)
        record[.isAzureCreditEligible] = marketplace == nil ? "True" : "False"
        record[.serviceInfo2] = template.windows ? "Windows Server BYOL" : ""
        record[.additionalInfo] = additionalInfo(resource: resource, meter: meter)
        record[.tags] = resource.tags
        record[.payGPrice] = meter.listPrice[profile].fixtureText
        record[.frequency] = "UsageBased"
        record[.pricingModel] = marketplace == nil ? "OnDemand" : ""
        record[.unitPrice] = meter.price[profile].fixtureText
        record[.provider] = "Azure"
        return record
    }

    /// The additionalInfo JSON object of a resource's meter; empty for kinds that have none.
    func additionalInfo(resource: FixtureResource, meter: FixtureMeter) -> String {
        let template = meter.template
        switch template.kind {
        case .virtualMachine:
            let images = ["Canonical", "RedHat", "Debian", "Windows Server BYOL"]
            let image = template.windows ? "Windows Server 2022 Datacenter" : images[resource.scale % 3]
            return
                "{\"UsageType\":\"ComputeHR\",\"ImageType\":\"\(image)\",\"ServiceType\":\"\(template.serviceType)\","
                + "\"VMName\":\"\(resource.name)\",\"VMProperties\":\"Microsoft.Compute\",\"VCPUs\":\(template.vcpus),"
                + "\"CPUs\":0,\"ConsumedQuantity\":1.0}"
        case .marketplace:
            return "{\"ImageType\":null,\"ServiceType\":\"Standard_D2s_v5\",\"VMName\":\"\(resource.name)\","
                + "\"UsageType\":\"ComputeHR_SW\",\"VCPUs\":2}"
        case .publicIP: return "{\"PlatformType\":\"V2\",\"IpAddressType\":\"Static\",\"Sku\":\"Standard\"}"
        case .sqlDatabase:
            return
                "{  \"ServerName\": \"sql-\(company.teams[company.subscriptions[resource.subscription].team].name)\","
                + "  \"DatabaseName\": \"\(resource.name)\",  \"ServiceTier\": \"Standard\"}"
        case .appService, .functions:
            return "{\"ServiceType\":\"\(template.subCategory)\",\"InstanceCount\":\(resource.scale % 4 + 1),"
                + "\"OS\":\"\(resource.scale % 2 == 0 ? "Linux" : "Windows")\"}"
        case .kubernetes:
            return
                "{\"ClusterName\":\"\(resource.name)\",\"Tier\":\"Standard\",\"NodeCount\":\(resource.scale % 12 + 3)}"
        case .bandwidth:
            return "{\"DataTransferDirection\":\"DataTrOut\",\"SourceRegion\":\"\(resource.locationDisplay)\"}"
        default: return ""
        }
    }

    /// The monthly reservation purchase (ActualCost only).
    func reservationPurchase(invoiced: Bool) -> FixtureCostRecord {
        let vm = reservation.vms[0]
        let meter = company.meters[reservation.meter]
        var record = usageRecord(resource: vm, meter: meter, profile: 0, invoiced: invoiced)
        let charge = reservation.monthlyCharge
        let path = "/providers/Microsoft.Capacity/reservationOrders/\(reservation.orderId)/reservations/"
        record[.date] = calendar.usDate(reservation.purchaseDay)
        record[.productOrderId] = reservation.orderId
        record[.productOrderName] = reservation.productOrderName
        record[.consumedService] = "Microsoft.Capacity"
        record[.resourceGroupName] = ""
        record[.resourceId] = path
        record[.resourceLocation] = "eastus"
        record[.effectivePrice] = charge.fixtureText
        record[.quantity] = "1"
        record[.chargeType] = "Purchase"
        record.setCosts(cost: charge, payg: .zero, usdRate: Amount(1))
        record[.serviceInfo2] = ""
        record[.additionalInfo] = ""
        record[.tags] = ""
        record[.payGPrice] = "0"
        record[.frequency] = "Recurring"
        record[.term] = "12"
        record[.reservationId] = reservation.orderId
        record[.reservationName] = reservation.name
        record[.pricingModel] = "Reservation"
        record[.unitPrice] = charge.fixtureText
        record[.benefitId] = path
        record[.benefitName] = reservation.name
        return record
    }

    /// Usage of a reserved VM covered by the reservation: Cost 0 in actual, a share in amortized.
    func coveredUsage(vm: Int, day: Int, hours: Amount, effectivePrice: Amount, invoiced: Bool) -> FixtureCostRecord {
        let resource = reservation.vms[vm]
        let meter = company.meters[reservation.meter]
        var record = usageRecord(resource: resource, meter: meter, profile: 0, invoiced: invoiced)
        let benefit =
            "/providers/Microsoft.Capacity/reservationOrders/\(reservation.orderId)/reservations/"
            + reservation.reservationId
        record[.date] = calendar.usDate(day)
        record[.productOrderId] = reservation.orderId
        record[.productOrderName] = reservation.productOrderName
        record[.effectivePrice] = effectivePrice.fixtureText
        record[.quantity] = hours.fixtureText
        record.setCosts(
            cost: hours.fixtureTimes(effectivePrice),
            payg: hours.fixtureTimes(meter.listPrice[0]),
            usdRate: Amount(1)
        )
        record[.additionalInfo] =
            String(record[.additionalInfo].dropLast())
            + ",\"ReservationOrderId\":\"\(reservation.orderId)\",\"ReservationId\":\"\(reservation.reservationId)\","
            + "\"ConsumptionMeter\":\"\(meter.meterId)\",\"RINormalizationRatio\":1.0}"
        record[.term] = "12"
        record[.reservationId] = reservation.reservationId
        record[.reservationName] = reservation.name
        record[.pricingModel] = "Reservation"
        record[.benefitId] = benefit
        record[.benefitName] = reservation.name
        return record
    }

    /// The unused part of the reservation for a day (AmortizedCost only), with no subscription.
    func unusedReservation(day: Int, hours: Amount, effectivePrice: Amount, cost: Amount, invoiced: Bool)
        -> FixtureCostRecord
    {
        var record = coveredUsage(vm: 0, day: day, hours: hours, effectivePrice: effectivePrice, invoiced: invoiced)
        record[.chargeType] = "UnusedReservation"
        record[.costCenter] = ""
        record[.subscriptionId] = ""
        record[.subscriptionName] = ""
        record[.resourceGroupName] = ""
        record[.resourceId] = record[.benefitId]
        record[.consumedService] = "Microsoft.Capacity"
        record[.serviceInfo2] = ""
        record[.additionalInfo] = ""
        record[.tags] = ""
        record.setCosts(cost: cost, payg: .zero, usdRate: Amount(1))
        return record
    }

    /// A Marketplace SaaS charge (Purchase or Refund) with blank meter fields.
    func marketplaceCharge(
        subscription: Int,
        day: Int,
        product: (publisher: String, publisherId: String, order: String, plan: String),
        quantity: Amount,
        price: Amount,
        chargeType: String,
        invoiced: Bool
    ) -> FixtureCostRecord {
        let owner = company.subscriptions[subscription]
        let team = company.teams[owner.team]
        var record = head(subscription: owner, invoiced: invoiced)
        let cost = quantity.fixtureTimes(price)
        let group = "rg-\(team.name)-saas"
        record[.date] = calendar.usDate(day)
        record[.serviceFamily] = "SaaS"
        record[.productOrderId] = FixtureScenario.stableGuid(product.order + company.accountId)
        record[.productOrderName] = product.order
        record[.meterCategory] = "SaaS"
        record[.meterSubCategory] = product.plan
        record[.productId] =
            product.publisherId + "." + product.plan.lowercased().replacingOccurrences(of: " ", with: "_")
        record[.productName] = product.order
        record[.publisherType] = "Marketplace"
        record[.publisherId] = product.publisherId
        record[.publisherName] = product.publisher
        record[.resourceGroupName] = group
        record[.resourceId] =
            "/subscriptions/\(owner.guid)/resourceGroups/\(group)/providers/Microsoft.SaaS/resources/"
            + product.publisherId.prefix(8) + "-contoso"
        record[.effectivePrice] = price.fixtureText
        record[.quantity] = quantity.fixtureText
        record[.chargeType] = chargeType
        record[.billingCurrency] = company.profiles[owner.profile].currency.code
        record[.pricingCurrency] = company.profiles[owner.profile].currency.code
        record.setCosts(cost: cost, payg: cost, usdRate: company.profiles[owner.profile].usdRate)
        record[.exchangeRatePricingToBilling] = "1"
        record[.exchangeRateDate] = calendar.usDate(1)
        record[.isAzureCreditEligible] = "False"
        record[.tags] = "\"costCenter\": \"\(team.costCenter)\",\"vendor\": \"\(product.publisher)\""
        record[.payGPrice] = price.fixtureText
        record[.frequency] = chargeType == "Refund" ? "OneTime" : "Recurring"
        record[.unitPrice] = price.fixtureText
        record[.provider] = "Azure"
        if chargeType == "Refund" { record[.previousInvoiceId] = company.profiles[owner.profile].previousInvoiceName }
        return record
    }

    /// A rounding adjustment for an invoice: no subscription, section or meter.
    func roundingAdjustment(profile: Int, amount: Amount) -> FixtureCostRecord {
        let info = company.profiles[profile]
        var record = FixtureCostRecord()
        record[.invoiceId] = info.invoiceName
        record[.billingAccountId] = company.accountId
        record[.billingAccountName] = FixtureCompany.accountName
        record[.billingProfileId] = info.id
        record[.billingProfileName] = info.name
        record[.billingPeriodStartDate] = calendar.usDate(1)
        record[.billingPeriodEndDate] = calendar.usDate(calendar.days)
        record[.servicePeriodStartDate] = calendar.usDate(1)
        record[.servicePeriodEndDate] = calendar.usDate(calendar.days)
        record[.date] = calendar.usDate(calendar.days)
        record[.effectivePrice] = amount.fixtureText
        record[.quantity] = "1"
        record[.chargeType] = "RoundingAdjustment"
        record[.billingCurrency] = info.currency.code
        record[.pricingCurrency] = info.currency.code
        record.setCosts(cost: amount, payg: .zero, usdRate: info.usdRate)
        record[.exchangeRatePricingToBilling] = "1"
        record[.exchangeRateDate] = calendar.usDate(1)
        record[.isAzureCreditEligible] = "False"
        record[.frequency] = "OneTime"
        record[.unitPrice] = amount.fixtureText
        record[.provider] = "Azure"
        return record
    }

    /// A GUID derived from text, for ids that must not consume random draws.
    static func stableGuid(_ text: String) -> String {
        var state: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        var random = FixtureRandom(seed: state, stream: 99)
        return random.guid()
    }
}
