import Foundation
import Yams

extension AllocationConfig {
    /// The keys of the section.
    static let keys = [
        "metric", "azure_allocation_rows", "unallocated", "default_gl_account", "cost_centers", "subscription_map",
        "management_groups", "tag_inheritance", "unused_commitment", "rules", "pools", "journal",
    ]

    /// Reads the `allocation:` section and checks it (references, percentages, dates).
    ///
    /// Files it names (subscription map, management groups, inherited tags, drivers) are read
    /// relative to the configuration file's folder, and listed in ``inputs``.
    ///
    /// - Throws: ``ConfigError`` naming the file, line and key path of the first problem.
    public init(_ node: ConfigNode) throws(ConfigError) {
        self.init()
        file = node.file
        try node.allowOnly(AllocationConfig.keys)
        let folder = (node.file as NSString).deletingLastPathComponent
        if let value = node["metric"] {
            switch try value.string() {
            case "amortized": metric = .amortized
            case "actual": metric = .actual
            default: throw value.error("expected amortized (EffectiveCost) or actual (BilledCost)")
            }
        }
        if let value = node["azure_allocation_rows"] {
            guard let mode = AzureAllocationRows(rawValue: try value.string()) else {
                throw value.error("expected respect (keep Azure's allocation rows) or strip (remove them)")
            }
            azureAllocationRows = mode
        }
        if let value = node["unallocated"] { unallocated = try value.nonEmptyString() }
        if let value = node["default_gl_account"] { defaultGLAccount = try value.nonEmptyString() }
        if let value = node["cost_centers"] {
            try AllocationConfig.readCostCenters(value, parent: nil, into: &costCenters)
        }
        if let value = node["subscription_map"] {
            if value.node.scalar != nil {
                let name = try value.nonEmptyString()
                let path = ConfigTable.resolve(name, in: folder)
                subscriptionMap = try ConfigTable.subscriptionMap(path: path, at: value)
                inputs.append(ConfigInput(path: path, kind: .subscriptionMap))
            } else {
                subscriptionMap = try value.elements()
                    .map { element throws(ConfigError) in
                        try element.allowOnly(["subscription", "cost_center", "valid_from", "valid_to"])
                        let costCenter = try element.required("cost_center")
                        return SubscriptionMapEntry(
                            subscription: try element.required("subscription").nonEmptyString(),
                            costCenter: try costCenter.nonEmptyString(),
                            validity: try element.validity(),
                            location: element.location,
                            costCenterLocation: costCenter.location
                        )
                    }
            }
        }
        if let value = node["management_groups"] {
            managementGroups = try AllocationConfig.readManagementGroups(value, folder: folder)
            if let file = value["file"] {
                inputs.append(
                    ConfigInput(
                        path: ConfigTable.resolve(try file.nonEmptyString(), in: folder),
                        kind: .managementGroups
                    )
                )
            }
        }
        if let value = node["tag_inheritance"] {
            tagInheritance = try AllocationConfig.readTagInheritance(value, folder: folder)
            if let file = value["file"] {
                inputs.append(
                    ConfigInput(path: ConfigTable.resolve(try file.nonEmptyString(), in: folder), kind: .inheritedTags)
                )
            }
        }
        if let value = node["unused_commitment"] {
            try value.allowOnly(["cost_center", "benefits"])
            var routing = UnusedCommitmentRouting(
                costCenter: try value["cost_center"]?.nonEmptyString(),
                location: value.location
            )
            for element in try value["benefits"]?.elements() ?? [] {
                try element.allowOnly(["benefit", "cost_center"])
                routing.benefits.append(
                    (
                        TextPattern(try element.required("benefit").nonEmptyString()),
                        try element.required("cost_center").nonEmptyString(), element.location
                    )
                )
            }
            unusedCommitment = routing
        }
        if let value = node["rules"] {
            for (index, element) in try value.elements().enumerated() {
                rules.append(try AllocationConfig.readRule(element, index: index))
            }
        }
        if let value = node["pools"] {
            for element in try value.elements() {
                let pool = try AllocationConfig.readPool(element, folder: folder)
                if case .driver(let table) = pool.method, let path = table.path {
                    inputs.append(ConfigInput(path: path, kind: .poolDriver, detail: pool.name))
                }
                pools.append(pool)
            }
        }
        if let value = node["journal"] {
            journal = try AllocationConfig.readJournal(value, folder: folder)
            if journal.template.hasSuffix(".mustache") {
                inputs.append(ConfigInput(path: journal.template, kind: .journalTemplate))
            }
        }
        try validate()
    }

    static func readCostCenters(_ node: ConfigNode, parent: String?, into list: inout [CostCenterSpec])
        throws(ConfigError)
    {
        for element in try node.elements() {
            try element.allowOnly(["id", "name", "owner", "gl_account", "budget", "aliases", "children"])
            let id = try element.required("id").nonEmptyString()
            var spec = CostCenterSpec(
                id: id,
                name: try element["name"]?.string(),
                owner: try element["owner"]?.string() ?? "",
                glAccount: try element["gl_account"]?.nonEmptyString(),
                aliases: try element["aliases"]?.stringList() ?? [],
                parent: parent,
                location: element.location
            )
            if let budget = element["budget"] {
                let entries = budget.node.sequence != nil ? try budget.elements() : [budget]
                for entry in entries {
                    let money = try entry.money()
                    let at = entry["amount"] ?? entry["value"] ?? entry
                    guard money.amount.signum > 0 else { throw at.error("a budget must be more than zero") }
                    guard money.amount.rounded(scale: money.currency.minorUnitDigits, rule: .towardZero) == money.amount
                    else {
                        throw at.error(
                            "a budget must be in whole \(money.currency.minorUnitDigits == 0 ? "units" : "minor units") of \(money.currency.code)"
                        )
                    }
                    guard !spec.budgets.contains(where: { $0.currency == money.currency }) else {
                        throw entry.error("a second budget in \(money.currency.code) for \(id); give one per currency")
                    }
                    spec.budgets.append(money)
                }
            }
            list.append(spec)
            if let children = element["children"] { try readCostCenters(children, parent: id, into: &list) }
        }
    }

    static func readRule(_ node: ConfigNode, index: Int) throws(ConfigError) -> MappingRule {
        try node.allowOnly(["name", "match", "to", "to_tag", "use", "valid_from", "valid_to"])
        let targets = ["to", "to_tag", "use"].filter { node[$0] != nil }
        guard targets.count == 1 else {
            throw node.error(
                targets.isEmpty
                    ? "a rule needs a target: to: <cost center>, to_tag: <tag key> (the tag's value names the cost center) or use: subscription_map"
                    : "give only one of \(targets.joined(separator: ", "))"
            )
        }
        let target: RuleTarget
        if let to = node["to"] {
            target = .costCenter(try to.nonEmptyString())
        } else if let key = node["to_tag"] {
            target = .tagValue(Tag.matchingKey(try key.nonEmptyString()))
        } else if let use = node["use"] {
            guard try use.string() == "subscription_map" else {
                throw use.error("the only table a rule can use is subscription_map")
            }
            target = .subscriptionMap
        } else {
            throw node.error("a rule needs a target")
        }
        let match = try node["match"].map { value throws(ConfigError) in try readMatch(value) } ?? RuleMatch()
        let defaultName: String
        switch target {
        case .subscriptionMap: defaultName = "subscription-map"
        case .tagValue(let key): defaultName = "tag-\(key)"
        case .costCenter(let id): defaultName = "rule-\(index + 1)-\(id)"
        }
        return MappingRule(
            name: try node["name"]?.nonEmptyString() ?? defaultName,
            match: match,
            target: target,
            validity: try node.validity(),
            location: node.location
        )
    }

    /// Reads a `match:` mapping.
    static func readMatch(_ node: ConfigNode) throws(ConfigError) -> RuleMatch {
        var conditions: [MatchCondition] = []
        for (key, value) in try node.entries() {
            if key == "tags" || key == "tag" {
                for (tagKey, tagValue) in try value.entries() {
                    let patterns = tagValue.node.scalar?.string == "*" ? [] : try tagValue.stringList()
                    conditions.append(MatchCondition(.tag(Tag.matchingKey(tagKey)), patterns))
                }
                continue
            }
            guard let field = MatchField.keys.first(where: { $0.0 == key })?.1 else {
                throw value.error(
                    "unknown match key '\(key)'; expected one of: \((MatchField.keys.map(\.0) + ["tags"]).joined(separator: ", "))"
                )
            }
            let patterns = try value.stringList()
            if patterns.isEmpty { throw value.error("give at least one value") }
            conditions.append(MatchCondition(field, patterns))
        }
        return RuleMatch(conditions)
    }

    static func readManagementGroups(_ node: ConfigNode, folder: String) throws(ConfigError) -> ManagementGroupTable {
        try node.allowOnly(["file", "subscriptions", "parents"])
        var table = ManagementGroupTable()
        if let file = node["file"] {
            let name = try file.nonEmptyString()
            table.memberships += try ConfigTable.managementGroups(path: ConfigTable.resolve(name, in: folder), at: file)
        }
        for element in try node["subscriptions"]?.elements() ?? [] {
            try element.allowOnly(["subscription", "group", "valid_from", "valid_to"])
            table.memberships.append(
                ManagementGroupTable.Membership(
                    subscription: try element.required("subscription").nonEmptyString(),
                    group: try element.required("group").nonEmptyString(),
                    validity: try element.validity(),
                    location: element.location
                )
            )
        }
        for (child, parent) in try node["parents"]?.entries() ?? [] {
            table.parents[CostCenterSpec.normalized(child)] = CostCenterSpec.normalized(try parent.nonEmptyString())
        }
        // A group that is its own ancestor would loop.
        for start in table.parents.keys.sorted() {
            var seen: Set<String> = [start]
            var current = start
            while let next = table.parents[current] {
                if !seen.insert(next).inserted {
                    throw (node["parents"] ?? node).error("management group '\(start)' is its own ancestor")
                }
                current = next
            }
        }
        return table
    }

    static func readTagInheritance(_ node: ConfigNode, folder: String) throws(ConfigError) -> TagInheritance {
        try node.allowOnly(["prefer", "file", "subscriptions", "resource_groups"])
        var inheritance = TagInheritance()
        if let prefer = node["prefer"] {
            guard let value = TagInheritance.Preference(rawValue: try prefer.string()) else {
                throw prefer.error(
                    "expected resource (a resource's own tag wins) or inherited (the subscription's or resource group's tag wins)"
                )
            }
            inheritance.prefer = value
        }
        if let file = node["file"] {
            let name = try file.nonEmptyString()
            inheritance.entries += try ConfigTable.inheritedTags(path: ConfigTable.resolve(name, in: folder), at: file)
        }
        for element in try node["subscriptions"]?.elements() ?? [] {
            try element.allowOnly(["subscription", "tags", "valid_from", "valid_to"])
            inheritance.entries.append(
                TagInheritance.Entry(
                    subscription: try element.required("subscription").nonEmptyString(),
                    resourceGroup: nil,
                    tags: try element.required("tags").tags(),
                    validity: try element.validity(),
                    location: element.location
                )
            )
        }
        for element in try node["resource_groups"]?.elements() ?? [] {
            try element.allowOnly(["subscription", "resource_group", "tags", "valid_from", "valid_to"])
            inheritance.entries.append(
                TagInheritance.Entry(
                    subscription: try element["subscription"]?.nonEmptyString(),
                    resourceGroup: TextPattern(try element.required("resource_group").nonEmptyString()),
                    tags: try element.required("tags").tags(),
                    validity: try element.validity(),
                    location: element.location
                )
            )
        }
        return inheritance
    }

    static func readPool(_ node: ConfigNode, folder: String) throws(ConfigError) -> PoolSpec {
        try node.allowOnly([
            "name", "from", "match", "amount", "method", "basis", "if_no_basis", "to", "shares", "remainder_to",
            "driver", "replaces_azure_rule", "credit_account", "valid_from", "valid_to",
        ])
        let name = try node.required("name").nonEmptyString()
        let source: PoolSource
        switch (node["from"], node["amount"]) {
        case (let from?, nil):
            source = .costCenter(
                try from.nonEmptyString(),
                match: try node["match"].map { value throws(ConfigError) in try readMatch(value) } ?? RuleMatch()
            )
            if let match = node["match"], case .costCenter(_, let rule) = source {
                for condition in rule.conditions where !MatchField.lineFields.contains(condition.field) {
                    throw match.error(
                        "a pool can match on \(MatchField.lineFields.map { "\($0)".replacingOccurrences(of: " ", with: "_") }.joined(separator: ", ")) only; "
                            + "send other cost to a shared cost center with a rule, and pool that cost center"
                    )
                }
            }
        case (nil, let amount?):
            if node["match"] != nil { throw node.error("an off-bill amount has nothing to match; remove match") }
            let money = try amount.money()
            guard money.amount.rounded(scale: money.currency.minorUnitDigits, rule: .towardZero) == money.amount else {
                throw amount.error(
                    "an off-bill amount must be in whole \(money.currency.minorUnitDigits == 0 ? "units" : "minor units") of \(money.currency.code)"
                )
            }
            source = .offBill(money)
        case (nil, nil):
            throw node.error(
                "a pool needs from: <cost center> (cost to split) or amount: {value, currency} (an off-bill amount)"
            )
        case (_?, _?): throw node.error("give from: or amount:, not both")
        }
        let methodNode = try node.required("method")
        let method: PoolMethod
        var targets = PoolTargets.list([])
        switch try methodNode.string() {
        case "even":
            targets = try readTargets(try node.required("to"))
            method = .even
        case "proportional":
            targets = try readTargets(try node.required("to"))
            var basis = ProportionalBasis.total
            if let value = node["basis"] {
                switch try value.string().lowercased() {
                case "total": basis = .total
                case "compute": basis = .serviceCategory("Compute")
                case "storage": basis = .serviceCategory("Storage")
                case "network", "networking": basis = .serviceCategory("Networking")
                default:
                    let text = try value.string()
                    guard
                        let category = ServiceCategories.shipped.categoryNames.first(where: {
                            $0.lowercased() == text.lowercased()
                        })
                    else {
                        throw value.error(
                            "unknown basis '\(text)'; expected total, compute, storage, network or a service category: "
                                + ServiceCategories.shipped.categoryNames.joined(separator: ", ")
                        )
                    }
                    basis = .serviceCategory(category)
                }
            }
            var fallback = NoBasisFallback.even
            if let value = node["if_no_basis"] {
                guard let parsed = NoBasisFallback(rawValue: try value.string()) else {
                    throw value.error("expected even, keep or error")
                }
                fallback = parsed
            }
            method = .proportional(basis, ifNoBasis: fallback)
        case "percent":
            if node["to"] != nil { throw node.error("a percent pool names its targets in shares:; remove to:") }
            let shares = try node.required("shares")
            var list: [(String, Amount)] = []
            for (id, value) in try shares.entries() {
                let percent = try value.amount()
                guard percent.signum > 0 else { throw value.error("a percentage must be above 0") }
                list.append((id, percent))
            }
            if list.isEmpty { throw shares.error("give at least one cost center and its percentage") }
            let total = list.reduce(Amount.zero) { $0 + $1.1 }
            let remainder = try node["remainder_to"]?.nonEmptyString()
            if total > Amount(100) { throw shares.error("the percentages total \(total), more than 100") }
            if total < Amount(100) && remainder == nil {
                throw shares.error(
                    "the percentages total \(total), not 100: add remainder_to: <cost center> (or remainder_to: source to keep the rest in the pool's cost center)"
                )
            }
            method = .percent(list.map { (costCenter: $0.0, percent: $0.1) }, remainderTo: remainder)
        case "driver":
            if node["to"] != nil {
                throw node.error("a driver pool's targets are the cost centers in its driver file; remove to:")
            }
            let driver = try node.required("driver")
            method = .driver(try ConfigTable.driver(driver, folder: folder))
        default: throw methodNode.error("unknown method; expected even, percent, proportional or driver")
        }
        if case .proportional = method {
        } else if node["basis"] != nil || node["if_no_basis"] != nil {
            throw node.error("basis and if_no_basis apply to method: proportional only")
        }
        if case .percent = method {
        } else if node["shares"] != nil || node["remainder_to"] != nil {
            throw node.error("shares and remainder_to apply to method: percent only")
        }
        if case .driver = method {
        } else if node["driver"] != nil {
            throw node.error("driver applies to method: driver only")
        }
        let validity = try node.validity()
        if let from = validity.from, from.day != 1 {
            throw (node["valid_from"] ?? node)
                .error("a pool runs for whole months: valid_from must be the first day of a month")
        }
        if let to = validity.to, to.adding(days: 1).day != 1 {
            throw (node["valid_to"] ?? node)
                .error("a pool runs for whole months: valid_to must be the last day of a month")
        }
        if node["credit_account"] != nil, case .costCenter = source {
            throw node.error(
                "credit_account applies to off-bill amounts only (billed cost is credited to journal.credit_account)"
            )
        }
        var pool = PoolSpec(
            name: name,
            source: source,
            method: method,
            targets: targets,
            replacesAzureRule: try node["replaces_azure_rule"]?.nonEmptyString(),
            creditAccount: try node["credit_account"]?.nonEmptyString(),
            validity: validity,
            location: node.location
        )
        for key in ["from", "to", "shares", "remainder_to", "if_no_basis"] {
            if let value = node[key] { pool.keyLocations[key] = value.location }
        }
        return pool
    }

    static func readTargets(_ node: ConfigNode) throws(ConfigError) -> PoolTargets {
        if node.node.mapping != nil {
            try node.allowOnly(["children_of", "leaves_of"])
            if let parent = node["children_of"] { return .childrenOf(try parent.nonEmptyString()) }
            if let parent = node["leaves_of"] { return .leavesOf(try parent.nonEmptyString()) }
            throw node.error("expected a list of cost centers, { children_of: <id> } or { leaves_of: <id> }")
        }
        let list = try node.stringList()
        if list.isEmpty { throw node.error("give at least one target cost center") }
        return .list(list)
    }

    static func readJournal(_ node: ConfigNode, folder: String) throws(ConfigError) -> JournalSettings {
        try node.allowOnly([
            "template", "id_prefix", "posting_date", "credit_account", "credit_cost_center", "memo", "company_code",
            "document_type", "ledger",
        ])
        var journal = JournalSettings()
        if let value = node["template"] {
            let text = try value.nonEmptyString()
            journal.template = text.hasSuffix(".mustache") ? ConfigTable.resolve(text, in: folder) : text
            journal.templateLocation = value.location
        }
        if let value = node["id_prefix"] { journal.idPrefix = try value.nonEmptyString() }
        if let value = node["posting_date"] {
            switch try value.string() {
            case "last_day": journal.postingDate = .lastDayOfPeriod
            case "first_day": journal.postingDate = .firstDayOfPeriod
            default:
                guard let day = try? value.isoDay() else {
                    throw value.error("expected last_day, first_day or a date yyyy-MM-dd")
                }
                journal.postingDate = .day(day)
            }
        }
        if let value = node["credit_account"] { journal.creditAccount = try value.nonEmptyString() }
        if let value = node["credit_cost_center"] { journal.creditCostCenter = try value.string() }
        if let value = node["memo"] { journal.memo = try value.string() }
        if let value = node["company_code"] { journal.companyCode = try value.string() }
        if let value = node["document_type"] { journal.documentType = try value.string() }
        if let value = node["ledger"] { journal.ledger = try value.string() }
        return journal
    }
}

extension Tag {
    /// The form keys are matched in: trimmed and lower-cased.
    public static func matchingKey(_ key: String) -> String { key.trimmingASCIIWhitespace().lowercased() }
}

extension ConfigNode {
    /// Where this node is, for errors found later.
    var location: ConfigLocation {
        ConfigLocation(file: file, line: node.mark.map { $0.line }, column: node.mark.map { $0.column }, path: path)
    }

    /// The child at `key`, or an error naming the key that is missing.
    func required(_ key: String) throws(ConfigError) -> ConfigNode {
        guard let child = self[key] else { throw error("\(key) is required") }
        return child
    }

    /// Non-empty text.
    func nonEmptyString() throws(ConfigError) -> String {
        let text = try string().trimmingASCIIWhitespace()
        if text.isEmpty { throw error("expected a value, found an empty one") }
        return text
    }

    /// A scalar or a list of scalars.
    func stringList() throws(ConfigError) -> [String] {
        if node.sequence != nil {
            return try elements().map { element throws(ConfigError) in try element.nonEmptyString() }
        }
        return [try nonEmptyString()]
    }

    /// `valid_from` and `valid_to` of a mapping.
    func validity() throws(ConfigError) -> Validity {
        let validity = Validity(from: try self["valid_from"]?.isoDay(), to: try self["valid_to"]?.isoDay())
        if let from = validity.from, let to = validity.to, from > to {
            throw (self["valid_to"] ?? self).error("valid_to \(to) is before valid_from \(from)")
        }
        return validity
    }

    /// A day written `yyyy-MM-dd` (and only so: `10/11/2026` is ambiguous between countries).
    func isoDay() throws(ConfigError) -> Day {
        let text = try string().trimmingASCIIWhitespace()
        guard let day = Day.isoDate(text) else { throw error("'\(text)' is not a date; expected yyyy-MM-dd") }
        return day
    }

    /// An amount of money: `{ amount: 1200, currency: USD }` (or `value:`), or `"1200 USD"`.
    func money() throws(ConfigError) -> Money {
        if node.mapping != nil {
            try allowOnly(["amount", "value", "currency"])
            guard let amount = self["amount"] ?? self["value"] else { throw error("give amount: and currency:") }
            let currency = CurrencyCode(try required("currency").nonEmptyString())
            guard currency.code.count == 3, currency.code.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                throw (self["currency"] ?? self).error("'\(currency.code)' is not a three-letter currency code")
            }
            return Money(amount: try amount.amount(), currency: currency)
        }
        let parts = try nonEmptyString().split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2, let amount = try? Amount.parse(String(parts[0])), parts[1].count == 3 else {
            throw error("expected an amount and a currency, e.g. { amount: 1200, currency: USD } or \"1200 USD\"")
        }
        return Money(amount: amount, currency: CurrencyCode(parts[1]))
    }

    /// A mapping of tag keys to values.
    func tags() throws(ConfigError) -> [Tag] {
        var tags: [Tag] = []
        for (key, value) in try entries() { tags.append(Tag(key: key, value: try value.string())) }
        if tags.isEmpty { throw error("give at least one tag") }
        return tags
    }
}
