import Foundation

/// A billing profile of the fictional company, with its invoice for the month.
struct FixtureProfile {
    var index: Int
    var id: String
    var name: String
    var currency: CurrencyCode
    /// USD per unit of the billing currency, for `costInUsd`.
    var usdRate: Amount
    var invoiceName: String
    var previousInvoiceName: String
    var azurePlanOrderId: String
    var sections: [FixtureSection]
    /// Line-level tax rate (USD sales tax) or VAT at subtotal level (GBP).
    var taxRate: Amount
    var subtotalLevelTax: Bool
}

/// An invoice section of a billing profile.
struct FixtureSection {
    var profile: Int
    var index: Int
    var id: String
    var name: String
}

/// A subscription and the team that owns it.
struct FixtureSubscription {
    var index: Int
    var guid: String
    var name: String
    var profile: Int
    var section: Int
    var team: Int
    /// The MCA `costCenter` billing property: often empty.
    var billingCostCenter: String
    var environment: String
    var regions: [Int]
}

/// A team with the cost center finance charges it to.
struct FixtureTeam {
    var name: String
    var costCenter: String
}

/// A meter placed in a region and priced for both billing profiles.
struct FixtureMeter {
    var index: Int
    var template: FixtureMeterTemplate
    var region: FixtureRegion?
    var meterId: String
    var productId: String
    var skuId: String
    var productName: String
    var meterRegion: String
    /// The Marketplace product order id; empty for Azure meters (they use the Azure plan's order).
    var orderId: String
    /// Negotiated (effective) and list price per cost unit, per billing profile.
    var price: [Amount]
    var listPrice: [Amount]
}

/// A resource and the meters it emits.
struct FixtureResource {
    var index: Int
    var subscription: Int
    var resourceGroup: String
    var resourceId: String
    var name: String
    var location: String
    var locationDisplay: String
    var tags: String
    var meters: [Int]
    /// Parameters of the quantity models (capacity, etc.), fixed per resource.
    var scale: Int
}

/// The whole fictional company: account, profiles, teams, subscriptions, meters and resources.
struct FixtureCompany {
    static let accountName = "Contoso Holdings, Inc."
    var accountId: String
    var profiles: [FixtureProfile]
    var teams: [FixtureTeam]
    var subscriptions: [FixtureSubscription]
    var meters: [FixtureMeter]
    var resources: [FixtureResource]

    static let teamNames = [
        "payments", "checkout", "catalog", "search", "identity", "data-platform", "ml-research", "mobile",
        "web-frontend", "platform", "security", "observability", "finance-apps", "hr-systems", "crm", "logistics",
        "pricing", "recommendations", "customer-support", "analytics",
    ]
    static let environments = ["prod", "dev", "test", "staging", "sandbox"]

    /// Builds the company for a seed and a scale: `pairsPerDay` resource-meter pairs emit one row a
    /// day. `monthsAfterOctober2026` moves its invoice numbers by 100 a month, so packs of
    /// consecutive months never show the same invoice id (October 2026, the bundled month, keeps
    /// its own).
    init(seed: UInt64, pairsPerDay: Int, monthsAfterOctober2026: Int = 0) {
        var random = FixtureRandom(seed: seed, stream: 1)
        accountId = random.guid() + ":" + random.guid() + "_2019-05-31"
        let usdSections = ["Platform Engineering", "Digital Products", "Data & Analytics", "Corporate IT"]
        let gbpSections = ["UK Retail", "UK Shared Services", "UK Data Science"]
        var profiles: [FixtureProfile] = []
        for (index, spec) in [("Contoso Holdings US", "USD", usdSections), ("Contoso UK Ltd", "GBP", gbpSections)]
            .enumerated()
        {
            let id = random.code([4, 4, 3, 3])
            let sections = spec.2.enumerated()
                .map { offset, name in
                    FixtureSection(profile: index, index: offset, id: random.code([4, 4, 3, 3]), name: name)
                }
            let number = 118_264_930 + index * 7 + random.below(5) + monthsAfterOctober2026 * 100
            profiles.append(
                FixtureProfile(
                    index: index,
                    id: id,
                    name: spec.0,
                    currency: CurrencyCode(spec.1),
                    usdRate: index == 0 ? Amount(1) : Amount(minorUnits: 12714, scale: 4),
                    invoiceName: "G\(number)",
                    // A refund names the previous month's invoice, which a generated previous month
                    // has (its number is 100 lower); October 2026 keeps the bundled fixture's.
                    previousInvoiceName: "G\(monthsAfterOctober2026 == 0 ? number - 2_113_507 : number - 100)",
                    azurePlanOrderId: random.guid(),
                    sections: sections,
                    taxRate: index == 0 ? Amount(minorUnits: 8875, scale: 5) : Amount(minorUnits: 20, scale: 2),
                    subtotalLevelTax: index == 1
                )
            )
        }
        self.profiles = profiles

        let subscriptionCount = min(3000, max(30, pairsPerDay / 100))
        var teams: [FixtureTeam] = []
        let teamCount = max(FixtureCompany.teamNames.count, subscriptionCount / 8)
        for index in 0..<teamCount {
            let base = FixtureCompany.teamNames[index % FixtureCompany.teamNames.count]
            let name =
                index < FixtureCompany.teamNames.count ? base : "\(base)-\(index / FixtureCompany.teamNames.count)"
            teams.append(FixtureTeam(name: name, costCenter: "CC-\(1011 + index * 3 + (index == 0 ? 12 : 0))"))
        }
        self.teams = teams

        var subscriptions: [FixtureSubscription] = []
        var usedNames: Set<String> = []
        let usdCount = subscriptionCount * 2 / 3
        for index in 0..<subscriptionCount {
            let profile = index < usdCount ? 0 : 1
            let section = index % profiles[profile].sections.count
            var team = random.below(teams.count)
            var environment = random.pick(index % 3 == 0 ? ["prod"] : FixtureCompany.environments)
            var name: String
            switch index {
            case 0:
                name = "contoso-shared-platform"
                team = 9
                environment = "prod"
            case 1:
                name = "contoso-platform-prod"
                team = 9
                environment = "prod"
            default: name = (profile == 1 ? "contoso-uk-" : "contoso-") + teams[team].name + "-" + environment
            }
            var suffix = 2
            let stem = name
            while usedNames.contains(name) {
                name = "\(stem)-\(suffix)"
                suffix += 1
            }
            usedNames.insert(name)
            let regions = profile == 0 ? [0, 3, 6, 7, 2, 10] : [1, 5, 2, 4, 8, 9, 11]
            subscriptions.append(
                FixtureSubscription(
                    index: index,
                    guid: random.guid(),
                    name: name,
                    profile: profile,
                    section: section,
                    team: team,
                    billingCostCenter: random.chance(1, in: 2) ? teams[team].costCenter : "",
                    environment: environment,
                    regions: regions
                )
            )
        }
        self.subscriptions = subscriptions

        meters = FixtureCompany.makeMeters(random: &random, pairsPerDay: pairsPerDay, profiles: profiles)
        resources = []
        resources = makeResources(random: &random, targetPairs: min(pairsPerDay, 48_000))
    }

    /// The regions in use and the selected meters for the scale.
    private static func makeMeters(random: inout FixtureRandom, pairsPerDay: Int, profiles: [FixtureProfile])
        -> [FixtureMeter]
    {
        let meterLimit = min(2000, max(60, pairsPerDay / 16))
        let regionCount = min(FixtureMeterCatalog.regions.count, max(3, meterLimit / 160))
        let templateCount = min(FixtureMeterCatalog.templates.count, max(20, meterLimit / regionCount))
        let gbpPerUsd = Amount(minorUnits: 7865, scale: 4)
        var meters: [FixtureMeter] = []
        for template in FixtureMeterCatalog.templates.prefix(templateCount) {
            let regions: [FixtureRegion?] =
                template.regional ? FixtureMeterCatalog.regions.prefix(regionCount).map { $0 } : [nil]
            let productId = "DZH318Z0" + random.code([4])
            for region in regions {
                let factor = Amount(minorUnits: Int128(region?.factor ?? 1000), scale: 3)
                let list = Amount(minorUnits: Int128(template.listMicros), scale: 6).fixtureTimes(factor)
                    .rounded(scale: 6)
                let discount = Amount(minorUnits: Int128(100 - random.int(in: 0...15)), scale: 2)
                let negotiated = list.fixtureTimes(discount).rounded(scale: 6)
                let usdToGbp = { (value: Amount) in value.fixtureTimes(gbpPerUsd).rounded(scale: 6) }
                let display = region?.display ?? ""
                let isMarketplace = template.publisher != nil
                meters.append(
                    FixtureMeter(
                        index: meters.count,
                        template: template,
                        region: region,
                        meterId: isMarketplace ? "" : random.guid(),
                        productId: productId,
                        skuId: productId + "/" + random.code([4]),
                        productName: template.product.replacingOccurrences(of: "{r}", with: display),
                        meterRegion: isMarketplace ? "" : (template.regional ? display : "Zone 1"),
                        orderId: isMarketplace ? random.guid() : "",
                        price: [negotiated, usdToGbp(negotiated)].prefix(profiles.count).map { $0 },
                        listPrice: [list, usdToGbp(list)].prefix(profiles.count).map { $0 }
                    )
                )
            }
        }
        return meters
    }
}
