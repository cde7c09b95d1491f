import Foundation

/// Where one source cost goes, and why.
struct Mapping: Sendable {
    /// The cost center (index in the tree).
    var costCenter: Int
    /// The rule's name.
    var rule: String
    /// The value the rule matched, for the `basis` column.
    var basis: String
}

/// Sends each source cost to a cost center by the configuration's rules.
///
/// Order of evaluation: unused reservation and savings-plan rows go by `unused_commitment` when it
/// is configured; then the rules in order, the first that matches (and is valid on the cost's day)
/// winning; a `to_tag` rule whose tag value names no cost center, and a `use: subscription_map`
/// rule for a subscription the map does not have, do not match and the next rule is tried. When a
/// subscription map is given and no rule uses it, it is applied after the rules. What nothing
/// matches goes to the unallocated cost center.
///
/// **Azure allocation rows** (kept with `azure_allocation_rows: respect`): a target row (positive)
/// of an Azure rule carries the source resource's tags and, when the rule targets subscriptions,
/// the source's resource group. Its tags are ignored (``TagResolver``), and so is its resource group
/// when it is one of that same rule's source resource groups (those on the rule's negative rows):
/// rules then see the target's subscription, and a resource-group rule cannot send the target's
/// share back to the source. A target row in a resource group of its own still matches on it.
struct RuleEngine {
    let config: AllocationConfig
    let tree: CostCenterTree
    let rules: [MappingRule]
    /// A subscription map row with its cost center and `basis` text made once, not per cost.
    struct MapTarget {
        var entry: SubscriptionMapEntry
        var costCenter: Int?
        var basis: String
    }
    /// Normalized subscription id or name → map rows.
    let map: [String: [MapTarget]]
    /// Normalized subscription → memberships.
    let groups: [String: [ManagementGroupTable.Membership]]
    var tags: TagResolver
    /// (tag key, value as written) → rows and amount per currency of costs whose tag named no cost center.
    var unknownTagValues: [String: [String: (rows: Int, amount: [CurrencyCode: Amount])]] = [:]
    /// Azure cost-allocation rule (normalized) → the resource groups (normalized) of its source
    /// rows: the negative rows with that rule name.
    let azureSourceGroups: [String: Set<String>]

    /// Creates the engine for `config` over `tree`; `costs` are the month's source costs, read for
    /// the source resource groups of Azure cost-allocation rules.
    init(config: AllocationConfig, tree: CostCenterTree, costs: [SourceCost] = []) {
        self.config = config
        self.tree = tree
        var rules = config.rules
        if !config.subscriptionMap.isEmpty && !rules.contains(where: { $0.target == .subscriptionMap }) {
            rules.append(
                MappingRule(
                    name: "subscription-map",
                    target: .subscriptionMap,
                    location: ConfigLocation(file: config.file ?? "", path: "subscription_map")
                )
            )
        }
        self.rules = rules
        var map: [String: [MapTarget]] = [:]
        for entry in config.subscriptionMap {
            // The map's file by its name, not by the path it was given with: the same month
            // closed from another folder (an auditor's rerun) writes the same allocations.csv.
            var location = entry.location
            location.file = URL(fileURLWithPath: location.file).lastPathComponent
            // A row valid for part of the month says which part, as a dated rule does.
            let dates = entry.validity.from == nil && entry.validity.to == nil ? "" : ", \(entry.validity)"
            map[CostCenterSpec.normalized(entry.subscription), default: []]
                .append(
                    MapTarget(
                        entry: entry,
                        costCenter: tree.index(of: entry.costCenter),
                        basis: "subscription \(entry.subscription) (\(location.description)\(dates))"
                    )
                )
        }
        self.map = map
        var groups: [String: [ManagementGroupTable.Membership]] = [:]
        for membership in config.managementGroups.memberships {
            groups[CostCenterSpec.normalized(membership.subscription), default: []].append(membership)
        }
        self.groups = groups
        self.tags = TagResolver(inheritance: config.tagInheritance)
        var sourceGroups: [String: Set<String>] = [:]
        for cost in costs where !cost.azureAllocationRule.isEmpty && cost.amount < .zero && !cost.resourceGroup.isEmpty
        {
            sourceGroups[CostCenterSpec.normalized(cost.azureAllocationRule), default: []]
                .insert(CostCenterSpec.normalized(cost.resourceGroup))
        }
        self.azureSourceGroups = sourceGroups
    }

    /// Whether the rules read the cost's resource group: not on a target row of an Azure rule that
    /// carries one of that rule's source resource groups (it is the source's, like the tags).
    func readsResourceGroup(of cost: SourceCost) -> Bool {
        guard !cost.azureAllocationRule.isEmpty, cost.amount > .zero, !cost.resourceGroup.isEmpty,
            let groups = azureSourceGroups[CostCenterSpec.normalized(cost.azureAllocationRule)]
        else { return true }
        return !groups.contains(CostCenterSpec.normalized(cost.resourceGroup))
    }

    /// The tag keys any rule reads.
    var tagKeysRead: Set<String> {
        var keys: Set<String> = []
        for rule in rules {
            if case .tagValue(let key) = rule.target { keys.insert(key) }
            for condition in rule.match.conditions { if case .tag(let key) = condition.field { keys.insert(key) } }
        }
        return keys
    }

    /// Maps one cost.
    mutating func map(_ cost: SourceCost) -> Mapping {
        if cost.isUnusedCommitment, let routing = config.unusedCommitment {
            for benefit in routing.benefits where benefit.pattern.matches(cost.benefitId) {
                if let index = tree.index(of: benefit.costCenter) {
                    return Mapping(
                        costCenter: index,
                        rule: "unused-commitment",
                        basis: "benefit \(benefit.pattern.text)"
                    )
                }
            }
            if let id = routing.costCenter, let index = tree.index(of: id) {
                return Mapping(
                    costCenter: index,
                    rule: "unused-commitment",
                    basis: "\(cost.chargeType) goes to the purchasing cost center"
                )
            }
        }
        var effectiveTags: [String: String]?
        let ownGroup = readsResourceGroup(of: cost)
        for rule in rules where rule.validity.contains(cost.day) {
            var matched: [String] = []
            var holds = true
            for condition in rule.match.conditions {
                var values = self.values(of: condition.field, cost, ownGroup: ownGroup, tags: &effectiveTags)
                if case .tag = condition.field, condition.patterns.isEmpty {
                    values = values.filter { !$0.isEmpty }
                    if let value = values.first {
                        matched.append("\(condition.field)=\(value)")
                        continue
                    }
                    holds = false
                    break
                }
                guard let value = values.first(where: { value in condition.patterns.contains { $0.matches(value) } })
                else {
                    holds = false
                    break
                }
                matched.append("\(condition.field)=\(value)")
            }
            if !holds { continue }
            // A rule valid for part of the month says for which part, so a line placed by it (and
            // its statement) shows why the same resource is charged elsewhere on other days.
            let dated = rule.validity.from == nil && rule.validity.to == nil ? "" : " (\(rule.validity))"
            let basis = (matched.isEmpty ? "catch-all" : matched.joined(separator: ", ")) + dated
            switch rule.target {
            case .costCenter(let id):
                if let index = tree.index(of: id) { return Mapping(costCenter: index, rule: rule.name, basis: basis) }
            case .tagValue(let key):
                if effectiveTags == nil { effectiveTags = tags.tags(of: cost, ownResourceGroup: ownGroup) }
                guard let value = effectiveTags?[key], !value.isEmpty else { continue }
                if let index = tree.index(of: value) {
                    let inherited = !tags.isOwnTag(key, value: value, of: cost)
                    return Mapping(
                        costCenter: index,
                        rule: rule.name,
                        basis: (inherited ? "inherited tag " : "tag ") + "\(key)=\(value)" + dated
                    )
                }
                var entry = unknownTagValues[key, default: [:]][value] ?? (0, [:])
                entry.rows += cost.rows
                entry.amount[cost.currency, default: .zero] += cost.amount
                unknownTagValues[key, default: [:]][value] = entry
            case .subscriptionMap:
                // Rows for the id first, then for the name; the first valid on the cost's day.
                // The day alone is captured: capturing `cost` copied the whole source cost (two
                // dozen strings) for every mapping.
                let day = cost.day
                let valid = { (target: MapTarget) in target.entry.validity.contains(day) }
                if let target = map[CostCenterSpec.normalized(cost.subscriptionId)]?.first(where: valid)
                    ?? map[CostCenterSpec.normalized(cost.subscriptionName)]?.first(where: valid),
                    let index = target.costCenter
                {
                    return Mapping(costCenter: index, rule: rule.name, basis: target.basis)
                }
            }
        }
        return Mapping(costCenter: tree.unallocated, rule: "unallocated", basis: "no rule matched")
    }

    /// The values of a field for a cost; a condition holds when any one matches. With `ownGroup`
    /// false the cost's resource group is not its own (``readsResourceGroup(of:)``): it has none.
    mutating func values(
        of field: MatchField,
        _ cost: SourceCost,
        ownGroup: Bool,
        tags effective: inout [String: String]?
    ) -> [String] {
        switch field {
        case .billingProfile: return [cost.billingProfileId, cost.billingProfileName]
        case .invoiceSection: return [cost.invoiceSectionId, cost.invoiceSectionName]
        case .subscription: return [cost.subscriptionId, cost.subscriptionName]
        case .managementGroup: return managementGroups(of: cost)
        case .resourceGroup: return ownGroup ? [cost.resourceGroup] : []
        case .meterCategory: return [cost.meterCategory]
        case .service: return [cost.consumedService, cost.serviceName]
        case .serviceCategory: return [cost.serviceCategory]
        case .publisher: return [cost.publisherName]
        case .publisherType: return [cost.publisherType]
        case .chargeType: return [cost.chargeType]
        case .pricingModel: return [cost.pricingModel]
        case .benefit: return [cost.benefitId]
        case .azureAllocationRule: return [cost.azureAllocationRule]
        case .tag(let key):
            if effective == nil { effective = tags.tags(of: cost, ownResourceGroup: ownGroup) }
            return effective?[key].map { [$0] } ?? []
        }
    }

    /// The subscription's management group on the cost's day and the groups above it.
    func managementGroups(of cost: SourceCost) -> [String] {
        let candidates =
            (groups[CostCenterSpec.normalized(cost.subscriptionId)] ?? [])
            + (groups[CostCenterSpec.normalized(cost.subscriptionName)] ?? [])
        guard let membership = candidates.first(where: { $0.validity.contains(cost.day) }) else { return [] }
        var result = [membership.group]
        var current = CostCenterSpec.normalized(membership.group)
        while let parent = config.managementGroups.parents[current], result.count < 64 {
            result.append(parent)
            current = parent
        }
        return result
    }
}
