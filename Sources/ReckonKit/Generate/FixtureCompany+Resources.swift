import Foundation

extension FixtureCompany {
    /// Creates resources until they emit `targetPairs` (resource, meter) pairs.
    ///
    /// Each resource starts from a random meter in one of its subscription's regions and adds up to
    /// two more meters of the same kind there, plus sometimes a bandwidth meter.
    func makeResources(random: inout FixtureRandom, targetPairs: Int) -> [FixtureResource] {
        var byKindAndRegion: [Int: [Int]] = [:]
        var bandwidth: [Int] = []
        var marketplace: [Int] = []
        for meter in meters {
            switch meter.template.kind {
            case .bandwidth: bandwidth.append(meter.index)
            case .marketplace: marketplace.append(meter.index)
            default:
                let key = meter.template.kind.rawValue * 100 + (meterRegionIndex(meter) ?? 99)
                byKindAndRegion[key, default: []].append(meter.index)
            }
        }
        let usedRegions = Set(meters.compactMap { meterRegionIndex($0) })
        var resources: [FixtureResource] = []
        var pairs = 0
        var counters: [String: Int] = [:]
        while pairs < targetPairs {
            let subscription = subscriptions[2 + random.below(subscriptions.count - 2)]
            let regions = subscription.regions.filter { usedRegions.contains($0) }
            let region = random.chance(4, in: 5) ? regions[0] : random.pick(regions)
            var chosen: [Int]
            if !marketplace.isEmpty && random.chance(1, in: 60) {
                chosen = [random.pick(marketplace)]
            } else {
                let kinds = byKindAndRegion.keys.filter { $0 % 100 == region }.sorted()
                let candidates = byKindAndRegion[random.pick(kinds)] ?? []
                chosen = [random.pick(candidates)]
                for _ in 0..<2 where random.chance(1, in: 3) {
                    let extra = random.pick(candidates)
                    if !chosen.contains(extra) { chosen.append(extra) }
                }
                let kind = meters[chosen[0]].template.kind
                if (kind == .virtualMachine || kind == .storage) && !bandwidth.isEmpty && random.chance(1, in: 3) {
                    chosen.append(random.pick(bandwidth))
                }
            }
            if pairs + chosen.count > targetPairs { chosen.removeLast(pairs + chosen.count - targetPairs) }
            pairs += chosen.count
            let kind = meters[chosen[0]].template.kind
            resources.append(
                makeResource(
                    index: resources.count,
                    subscription: subscription,
                    kind: kind,
                    region: region,
                    meters: chosen,
                    counters: &counters,
                    random: &random
                )
            )
        }
        return resources
    }

    func meterRegionIndex(_ meter: FixtureMeter) -> Int? {
        guard let region = meter.region else { return nil }
        return FixtureMeterCatalog.regions.firstIndex { $0.arm == region.arm }
    }

    /// One resource with its ARM id, resource group and tags.
    func makeResource(
        index: Int,
        subscription: FixtureSubscription,
        kind: FixtureResourceKind,
        region: Int,
        meters: [Int],
        counters: inout [String: Int],
        random: inout FixtureRandom
    ) -> FixtureResource {
        let team = teams[subscription.team]
        let purpose: String
        switch kind {
        case .virtualMachine, .disk, .marketplace, .publicIP, .loadBalancer:
            purpose = random.pick(["app", "compute", "network"])
        case .storage, .sqlDatabase, .cosmos, .bandwidth: purpose = "data"
        case .kubernetes: purpose = "aks"
        case .logAnalytics, .backup: purpose = "monitoring"
        default: purpose = "app"
        }
        let groupName = "rg-\(team.name)-\(purpose)-\(subscription.environment)"
        let (provider, prefix) = kind.armType
        let counterKey = "\(subscription.index)/\(prefix)"
        let number = counters[counterKey, default: 0] + 1
        counters[counterKey] = number
        let twoDigits = number < 10 ? "0\(number)" : "\(number)"
        var name: String
        switch kind {
        case .storage, .bandwidth:
            let letters = team.name.replacingOccurrences(of: "-", with: "").prefix(10)
            name = "st\(letters)\(subscription.environment.prefix(4))\(twoDigits)\(random.code([3]).lowercased())"
        case .disk:
            name = "vm-\(team.name)-\(twoDigits)_OsDisk_1_" + random.guid().replacingOccurrences(of: "-", with: "")
        case .sqlDatabase:
            name = "sql-\(team.name)-\(subscription.environment)/databases/sqldb-\(team.name)-\(twoDigits)"
        default: name = "\(prefix)-\(team.name)-\(subscription.environment)-\(twoDigits)"
        }
        let location = FixtureMeterCatalog.regions[region]
        // Real exports mix the casing of resource group segments and of whole ids.
        var idGroup = groupName
        var groupColumn = groupName
        var groupsSegment = "resourceGroups"
        switch random.below(10) {
        case 0: groupColumn = groupName.uppercased()
        case 1: groupsSegment = "resourcegroups"
        case 2: idGroup = groupName.uppercased()
        default: break
        }
        var resourceId = "/subscriptions/\(subscription.guid)/\(groupsSegment)/\(idGroup)/providers/\(provider)/\(name)"
        if random.chance(1, in: 40) { resourceId = resourceId.uppercased() }
        let shortName = String(name.split(separator: "/").last ?? Substring(name))
        return FixtureResource(
            index: index,
            subscription: subscription.index,
            resourceGroup: groupColumn,
            resourceId: resourceId,
            name: shortName,
            location: random.chance(1, in: 8) ? location.arm.uppercased() : location.arm,
            locationDisplay: location.display,
            tags: makeTags(team: team, subscription: subscription, random: &random),
            meters: meters,
            scale: random.int(in: 1...1000)
        )
    }

    /// Tags as Azure writes them in cost CSVs: JSON pairs without the outer braces, sometimes missing,
    /// with keys that differ in case or surrounding spaces, and empty values.
    func makeTags(team: FixtureTeam, subscription: FixtureSubscription, random: inout FixtureRandom) -> String {
        let owners = [
            "maria.garcia", "li.wei", "jurgen.muller", "aisha.khan", "tom.oconnor", "sofia.rossi", "kenji.sato",
        ]
        let owner = random.pick(owners) + "@contoso.com"
        let app = team.name + "-" + random.pick(["api", "web", "worker", "etl", "db", "cache"])
        let env = subscription.environment
        switch random.below(100) {
        case 0..<38:
            return
                "\"env\": \"\(env)\",\"costCenter\": \"\(team.costCenter)\",\"app\": \"\(app)\",\"owner\": \"\(owner)\","
                + "\"businessUnit\": \"\(subscription.profile == 0 ? "Contoso US" : "Contoso UK")\",\"managedBy\": \"terraform\","
                + "\"dataClassification\": \"\(random.pick(["internal", "confidential", "public"]))\""
        case 38..<50:
            let pretty = env == "prod" ? "Production" : env.capitalized
            return "\"CostCenter\": \"\(team.costCenter)\",\"Environment\": \"\(pretty)\",\"Application\": \"\(app)\""
        case 50..<56: return "\" costcenter\": \"\(team.costCenter)\",\"env\": \"\(env)\",\"app\": \"\(app)\""
        case 56..<62: return "\"costCenter\": \"\",\"env\": \"\(env)\",\"createdBy\": \"terraform\""
        case 62..<82: return ""
        case 82..<90:
            let messy = team.costCenter.lowercased() + " "
            return
                "\"costcenter \": \"\(messy)\",\"env\": \"\(env)\",\"app\": \"ml, training\",\"owner\": \"jürgen.müller@contoso.com\""
        default:
            let suffix = String(random.next() % 90_000_000 + 10_000_000)
            return
                "\"aks-managed-createOperationID\": \"\(random.guid())\",\"aks-managed-orchestrator\": \"Kubernetes:1.29.7\","
                + "\"aks-managed-poolName\": \"nodepool1\",\"aks-managed-resourceNameSuffix\": \"\(suffix)\","
                + "\"costCenter\": \"\(team.costCenter)\",\"env\": \"\(env)\""
        }
    }
}
