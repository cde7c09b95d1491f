/// The tags of one distinct raw tags value, parsed once.
struct ParsedTags: Sendable {
    /// Matching key (trimmed, lower-cased) → the value used (possibly empty).
    var values: [String: String] = [:]
    /// `values` without the empty ones: the tags rules see.
    var present: [String: String] = [:]
    /// Matching key → the spellings of the key in this value, in document order.
    var spellings: [String: [String]] = [:]
    /// Keys whose spellings carry different non-empty values: (key, ["CostCenter=A", "costcenter =B"]).
    var conflicts: [(key: String, values: [String])] = []
    /// The value is not valid tag JSON (treated as no tags).
    var malformed: String?
}

/// Works out the tags a cost carries for the rules: its resource tags (parsed once per distinct
/// raw value) merged with the subscription and resource-group tags the configuration gives.
///
/// **Key matching.** Keys are compared trimmed and case-insensitively, so `CostCenter`,
/// `costcenter ` and `" costCenter"` are one key. When one resource writes a key several ways with
/// different non-empty values, the first non-empty value in document order is used and the
/// conflict is reported; an empty value never hides a non-empty one.
///
/// **Precedence** (`tag_inheritance.prefer`): with `resource` (the default) a resource's own
/// non-empty tag wins, then the resource group's, then the subscription's; with `inherited` the
/// resource group's wins, then the subscription's, then the resource's. Among several matching
/// entries of one scope, the first in the configuration wins.
///
/// **Azure allocation rows** (kept with `azure_allocation_rows: respect`) carry the *source*
/// resource's tags; those are ignored, so a target row counts for its own subscription and
/// resource group (inherited tags still apply). When the row's resource group is the source's too
/// (``RuleEngine/readsResourceGroup(of:)``), that resource group's inherited tags do not apply either.
struct TagResolver {
    let inheritance: TagInheritance
    var cache: [String: ParsedTags] = [:]
    /// Whether any inherited entry is effective-dated (then the day is part of the answer).
    let dated: Bool
    /// Effective tags by what decides them.
    var effective: [EffectiveKey: [String: String]] = [:]

    struct EffectiveKey: Hashable {
        var tags: String
        var subscriptionId: String
        var subscriptionName: String
        var resourceGroup: String
        var azure: Bool
        var day: Day?
    }

    init(inheritance: TagInheritance) {
        self.inheritance = inheritance
        dated = inheritance.entries.contains { $0.validity != .always }
    }

    /// The parsed form of a raw tags value.
    mutating func parsed(_ raw: String) -> ParsedTags {
        if let found = cache[raw] { return found }
        var result = ParsedTags()
        do {
            for tag in try TagParser.parse(raw) {
                let key = tag.matchingKey
                result.spellings[key, default: []].append(tag.key)
                let value = tag.value.trimmingASCIIWhitespace()
                if let existing = result.values[key] {
                    if existing.isEmpty {
                        result.values[key] = value
                    } else if !value.isEmpty && existing != value {
                        if let index = result.conflicts.firstIndex(where: { $0.key == key }) {
                            result.conflicts[index].values.append("\(tag.key)=\(value)")
                        } else {
                            let first = result.spellings[key]?.first ?? key
                            result.conflicts.append((key, ["\(first)=\(existing)", "\(tag.key)=\(value)"]))
                        }
                    }
                } else {
                    result.values[key] = value
                }
            }
        } catch { result.malformed = error.description }
        result.present = result.values.filter { !$0.value.isEmpty }
        cache[raw] = result
        return result
    }

    /// The effective tags of `cost` on its day; with `ownResourceGroup` false the cost's resource
    /// group is not its own (an Azure target row carrying the source's) and gives no tags.
    mutating func tags(of cost: SourceCost, ownResourceGroup: Bool = true) -> [String: String] {
        let own = cost.azureAllocationRule.isEmpty ? parsed(cost.tags).present : [:]
        if inheritance.entries.isEmpty { return own }
        let resourceGroup = ownResourceGroup ? cost.resourceGroup : ""
        let key = EffectiveKey(
            tags: cost.azureAllocationRule.isEmpty ? cost.tags : "",
            subscriptionId: cost.subscriptionId,
            subscriptionName: cost.subscriptionName,
            resourceGroup: resourceGroup,
            azure: !cost.azureAllocationRule.isEmpty,
            day: dated ? cost.day : nil
        )
        if let found = effective[key] { return found }
        var fromSubscription: [String: String] = [:]
        var fromGroup: [String: String] = [:]
        for entry in inheritance.entries where entry.validity.contains(cost.day) {
            if let subscription = entry.subscription, !TagResolver.sameSubscription(subscription, cost) { continue }
            if let pattern = entry.resourceGroup {
                guard !resourceGroup.isEmpty, pattern.matches(resourceGroup) else { continue }
                for tag in entry.tags where fromGroup[tag.matchingKey] == nil {
                    fromGroup[tag.matchingKey] = tag.value.trimmingASCIIWhitespace()
                }
            } else {
                for tag in entry.tags where fromSubscription[tag.matchingKey] == nil {
                    fromSubscription[tag.matchingKey] = tag.value.trimmingASCIIWhitespace()
                }
            }
        }
        var result: [String: String]
        switch inheritance.prefer {
        case .resource:
            result = fromSubscription
            result.merge(fromGroup) { _, group in group }
            result.merge(own) { _, resource in resource }
        case .inherited:
            result = own
            result.merge(fromSubscription) { _, subscription in subscription }
            result.merge(fromGroup) { _, group in group }
        }
        result = result.filter { !$0.value.isEmpty }
        effective[key] = result
        return result
    }

    /// Whether the effective value of `key` on `cost` is the resource's own tag, not one inherited
    /// from its subscription or resource group (``tags(of:ownResourceGroup:)``): the words of an
    /// allocated line say which.
    mutating func isOwnTag(_ key: String, value: String, of cost: SourceCost) -> Bool {
        guard cost.azureAllocationRule.isEmpty else { return false }
        return parsed(cost.tags).present[key] == value
    }

    /// Whether `name` (an id or a name) is the cost's subscription.
    static func sameSubscription(_ name: String, _ cost: SourceCost) -> Bool {
        let key = CostCenterSpec.normalized(name)
        return key == CostCenterSpec.normalized(cost.subscriptionId)
            || (!cost.subscriptionName.isEmpty && key == CostCenterSpec.normalized(cost.subscriptionName))
    }
}
