/// The `allocation:` section of `reckon.yaml`: who pays for what.
///
/// ```yaml
/// allocation:
///   metric: amortized                # amortized (EffectiveCost, default) or actual (BilledCost)
///   azure_allocation_rows: respect   # respect (default) or strip Azure cost-allocation rows
///   unallocated: unallocated         # the cost center that takes what no rule maps
///   default_gl_account: "6150"
///   cost_centers: [...]              # a tree, any depth (CostCenterSpec)
///   subscription_map: subscription-map.csv
///   management_groups: {...}
///   tag_inheritance: {...}
///   unused_commitment: {...}
///   rules: [...]                     # ordered; the first match wins (MappingRule)
///   pools: [...]                     # shared costs, split in order (PoolSpec)
///   journal: {...}                   # JournalSettings
/// ```
///
/// The full reference is `docs/allocation.md`. Every error names the file, line and key path.
public struct AllocationConfig: Sendable {
    /// The cost to charge back: amortized (FOCUS `EffectiveCost`, the default) or actual.
    public var metric: CostMetric = .amortized
    /// The billing month to allocate, as its first day (`--period 2026-10`): rows whose billing
    /// period starts in another month (or, without billing-period columns, charged in another
    /// month) are filtered, counted and named. Nil: every row, and they must all be in one billing
    /// period.
    public var billingMonth: Day?
    /// What to do with Azure cost-allocation rows already in the data.
    public var azureAllocationRows: AzureAllocationRows = .respect
    /// The id of the cost center that takes cost no rule maps; created at the top of the tree when
    /// the tree does not have it.
    public var unallocated = "unallocated"
    /// The expense account of cost centers that have none of their own and no ancestor with one.
    public var defaultGLAccount = "cloud-expense"
    /// The cost centers, parents before children.
    public var costCenters: [CostCenterSpec] = []
    /// The mapping rules, in order.
    public var rules: [MappingRule] = []
    /// Subscription → cost center rows (effective-dated).
    public var subscriptionMap: [SubscriptionMapEntry] = []
    /// Subscription → management group rows and the group tree.
    public var managementGroups = ManagementGroupTable()
    /// Subscription and resource-group tags that fill in missing resource tags.
    public var tagInheritance = TagInheritance()
    /// Where unused reservation and savings-plan cost goes; `nil` leaves it to the rules.
    public var unusedCommitment: UnusedCommitmentRouting?
    /// The shared-cost pools, in the order they run.
    public var pools: [PoolSpec] = []
    /// The journal's layout and accounts.
    public var journal = JournalSettings()
    /// The file the section came from, for messages.
    public var file: String?
    /// The files the section names and the allocation reads (subscription map, management groups,
    /// inherited tags, pool drivers, a journal template file), in the order written, for the
    /// close's manifest.
    public var inputs: [ConfigInput] = []
    /// True when the cost centers were made from the subscription map (no tree was given), so a
    /// new map makes new ones.
    var costCentersFromMap = false

    /// An empty configuration: everything goes to `unallocated`.
    public init() {}

    /// The smallest configuration: a subscription → cost center table. Each cost center named in
    /// the table becomes a top-level node; everything unmapped goes to `unallocated`.
    public static func subscriptionMapOnly(_ entries: [SubscriptionMapEntry], file: String? = nil) -> AllocationConfig {
        var config = AllocationConfig()
        config.file = file
        config.inputs = file.map { [ConfigInput(path: $0, kind: .subscriptionMap)] } ?? []
        config.subscriptionMap = entries
        config.costCentersFromMap = true
        var seen: Set<String> = []
        for entry in entries where seen.insert(CostCenterSpec.normalized(entry.costCenter)).inserted {
            config.costCenters.append(CostCenterSpec(id: entry.costCenter, location: entry.location))
        }
        return config
    }
}

/// What to do with rows that carry a `costAllocationRuleName` (Azure moved that cost already).
public enum AzureAllocationRows: String, Sendable, CaseIterable {
    /// Keep them: the user set the rules up in Azure on purpose. A target row counts for the
    /// subscription and resource group it names; the resource tags it carries (the source
    /// resource's) are ignored.
    case respect
    /// Drop them (filtered, with their net reported), so Reckon's own pools split the original cost.
    case strip
}

/// Where a configuration value was written, for errors found after reading (a reference to an
/// unknown cost center, percentages that do not add up).
public struct ConfigLocation: Hashable, Sendable {
    /// The file.
    public var file: String
    /// The 1-based line.
    public var line: Int?
    /// The 1-based column.
    public var column: Int?
    /// The key path.
    public var path: String

    /// Creates a location.
    public init(file: String, line: Int? = nil, column: Int? = nil, path: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
    }

    /// A location for values built in code.
    public static let code = ConfigLocation(file: "(built in)", path: "")

    /// The error at this location.
    public func error(_ problem: String) -> ConfigError {
        ConfigError(file: file, line: line, column: column, path: path, problem: problem)
    }

    /// `file:line`, for messages.
    public var description: String { line.map { "\(file):\($0)" } ?? file }
}

/// A range of days, inclusive at both ends; an open end is unbounded.
public struct Validity: Hashable, Sendable, CustomStringConvertible {
    /// The first day, or `nil` for always before.
    public var from: Day?
    /// The last day (inclusive), or `nil` for always after.
    public var to: Day?

    /// Creates a validity.
    public init(from: Day? = nil, to: Day? = nil) {
        self.from = from
        self.to = to
    }

    /// Valid on every day.
    public static let always = Validity()

    /// Whether `day` is inside.
    public func contains(_ day: Day) -> Bool {
        if let from, day < from { return false }
        if let to, day > to { return false }
        return true
    }

    /// Whether the range shares a day with `start...end`.
    public func overlaps(_ start: Day, _ end: Day) -> Bool {
        if let from, from > end { return false }
        if let to, to < start { return false }
        return true
    }

    /// The days on which validity changes: `from` and the day after `to`.
    public var boundaries: [Day] { [from, to.map { $0.adding(days: 1) }].compactMap { $0 } }

    /// The dates in words: always, from a day, until a day, or between two.
    public var description: String {
        switch (from, to) {
        case (nil, nil): return "always"
        case (let from?, nil): return "from \(from)"
        case (nil, let to?): return "until \(to)"
        case (let from?, let to?): return "\(from) to \(to)"
        }
    }
}

/// A case-insensitive text pattern: `*` matches any run of characters, `?` one character.
/// Values and patterns are trimmed of surrounding spaces before comparing.
public struct TextPattern: Hashable, Sendable, CustomStringConvertible {
    /// The pattern as written.
    public let text: String
    let lowered: [Character]
    let isLiteral: Bool

    /// Creates a pattern.
    public init(_ text: String) {
        self.text = text
        let trimmed = text.trimmingASCIIWhitespace().lowercased()
        lowered = Array(trimmed)
        isLiteral = !trimmed.contains("*") && !trimmed.contains("?")
    }

    /// Whether `value` (compared trimmed and lower-cased) matches.
    public func matches(_ value: String) -> Bool {
        let candidate = value.trimmingASCIIWhitespace().lowercased()
        if isLiteral { return candidate == String(lowered) }
        return TextPattern.glob(lowered[...], Array(candidate)[...])
    }

    /// Iterative wildcard matching with backtracking to the last `*`.
    static func glob(_ pattern: ArraySlice<Character>, _ text: ArraySlice<Character>) -> Bool {
        var p = pattern.startIndex
        var t = text.startIndex
        var star: Int?
        var resume = t
        while t < text.endIndex {
            if p < pattern.endIndex && (pattern[p] == "?" || pattern[p] == text[t]) {
                p += 1
                t += 1
            } else if p < pattern.endIndex && pattern[p] == "*" {
                star = p
                p += 1
                resume = t
            } else if let position = star {
                p = position + 1
                resume += 1
                t = resume
            } else {
                return false
            }
        }
        while p < pattern.endIndex && pattern[p] == "*" { p += 1 }
        return p == pattern.endIndex
    }

    /// The value as written in the configuration.
    public var description: String { text }
}

/// One node of the cost-center tree.
public struct CostCenterSpec: Sendable {
    /// The id: what rules, tags and maps name (matched trimmed and case-insensitively).
    public var id: String
    /// A readable name; the id when not given.
    public var name: String
    /// Who answers for the cost.
    public var owner: String
    /// The expense account debited in the journal; inherited from the parent when not given.
    public var glAccount: String?
    /// Monthly budgets, one per currency.
    public var budgets: [Money]
    /// Other spellings that name this cost center (tag values, map entries).
    public var aliases: [String]
    /// The parent's id, or `nil` at the top.
    public var parent: String?
    /// Where it was written.
    public var location: ConfigLocation

    /// Creates a cost center.
    public init(
        id: String,
        name: String? = nil,
        owner: String = "",
        glAccount: String? = nil,
        budgets: [Money] = [],
        aliases: [String] = [],
        parent: String? = nil,
        location: ConfigLocation = .code
    ) {
        self.id = id
        self.name = name ?? id
        self.owner = owner
        self.glAccount = glAccount
        self.budgets = budgets
        self.aliases = aliases
        self.parent = parent
        self.location = location
    }

    /// The form ids are compared in: trimmed and lower-cased.
    public static func normalized(_ id: String) -> String {
        // Ids read from cost data are mostly normalized already (lower-cased as read): return
        // those as they are, without two new strings per lookup.
        let bytes = id.utf8
        if let first = bytes.first, let last = bytes.last, !isSpace(first), !isSpace(last),
            !bytes.contains(where: { $0 >= 0x80 || ($0 >= 0x41 && $0 <= 0x5A) })
        {
            return id
        }
        return id.trimmingASCIIWhitespace().lowercased()
    }

    private static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
}

/// A field a rule can match on.
public enum MatchField: Hashable, Sendable, CustomStringConvertible {
    /// Billing profile id or name.
    case billingProfile
    /// Invoice section id or name.
    case invoiceSection
    /// Subscription id or name.
    case subscription
    /// A management group the subscription is in (directly or below it).
    case managementGroup
    /// Resource group name.
    case resourceGroup
    /// Meter category.
    case meterCategory
    /// Consumed service (`Microsoft.Compute`) or FOCUS service name.
    case service
    /// Service category from the FinOps toolkit open data (`Compute`, `Storage`, `Networking`, …).
    case serviceCategory
    /// Publisher name (Marketplace vendor).
    case publisher
    /// Publisher type (`Microsoft`, `Azure`, `Marketplace`).
    case publisherType
    /// Charge type (`Usage`, `Purchase`, `UnusedReservation`, …).
    case chargeType
    /// Pricing model (`OnDemand`, `Reservation`, `SavingsPlan`, `Spot`).
    case pricingModel
    /// Benefit (reservation or savings plan) id or name.
    case benefit
    /// The Azure cost-allocation rule name on the row.
    case azureAllocationRule
    /// A tag, by its matching key (trimmed, lower-cased).
    case tag(String)

    /// The YAML keys of the plain fields.
    public static let keys: [(String, MatchField)] = [
        ("billing_profile", .billingProfile), ("invoice_section", .invoiceSection), ("subscription", .subscription),
        ("management_group", .managementGroup), ("resource_group", .resourceGroup), ("meter_category", .meterCategory),
        ("service", .service), ("service_category", .serviceCategory), ("publisher", .publisher),
        ("publisher_type", .publisherType), ("charge_type", .chargeType), ("pricing_model", .pricingModel),
        ("benefit", .benefit), ("azure_allocation_rule", .azureAllocationRule),
    ]

    /// The fields that survive into allocated lines, so shared-cost pools can match on them.
    public static let lineFields: [MatchField] = [
        .subscription, .resourceGroup, .meterCategory, .serviceCategory, .chargeType,
    ]

    /// The field's name as written in the configuration.
    public var description: String {
        if case .tag(let key) = self { return "tag \(key)" }
        return MatchField.keys.first { $0.1 == self }?.0 ?? "?"
    }
}

/// One condition of a rule: the field's value matches any of the patterns. For a tag, an empty
/// pattern list means "the tag is present with a non-empty value".
public struct MatchCondition: Hashable, Sendable {
    /// The field.
    public var field: MatchField
    /// The patterns; any one matching is enough.
    public var patterns: [TextPattern]

    /// Creates a condition.
    public init(_ field: MatchField, _ patterns: [String]) {
        self.field = field
        self.patterns = patterns.map(TextPattern.init)
    }
}

/// What a rule or pool matches: every condition must hold (AND); within one, any pattern (OR).
public struct RuleMatch: Hashable, Sendable {
    /// The conditions.
    public var conditions: [MatchCondition]

    /// Creates a match.
    public init(_ conditions: [MatchCondition] = []) { self.conditions = conditions }

    /// Matches everything.
    public var isEmpty: Bool { conditions.isEmpty }
}

/// Where a rule sends the cost it matches.
public enum RuleTarget: Hashable, Sendable {
    /// A named cost center.
    case costCenter(String)
    /// The cost center named by the value of this tag (matched against ids and aliases); when the
    /// value names none, the rule does not match and the next one is tried.
    case tagValue(String)
    /// The subscription → cost center table; a subscription not in it (on that day) falls through.
    case subscriptionMap
}

/// A mapping rule: rules run in order and the first that matches wins.
public struct MappingRule: Sendable {
    /// The name written into every allocated line.
    public var name: String
    /// What it matches.
    public var match: RuleMatch
    /// Where it sends the cost.
    public var target: RuleTarget
    /// The days it applies on.
    public var validity: Validity
    /// Where it was written.
    public var location: ConfigLocation

    /// Creates a rule.
    public init(
        name: String,
        match: RuleMatch = RuleMatch(),
        target: RuleTarget,
        validity: Validity = .always,
        location: ConfigLocation = .code
    ) {
        self.name = name
        self.match = match
        self.target = target
        self.validity = validity
        self.location = location
    }
}

/// One row of the subscription → cost center table.
public struct SubscriptionMapEntry: Sendable {
    /// The subscription id (or name), compared trimmed and case-insensitively.
    public var subscription: String
    /// The cost center id.
    public var costCenter: String
    /// The days the row applies on.
    public var validity: Validity
    /// Where it was written (`map.csv:12`).
    public var location: ConfigLocation
    /// Where its cost center was written, for an error about it (the cost_center column).
    public var costCenterLocation: ConfigLocation

    /// Creates a row.
    public init(
        subscription: String,
        costCenter: String,
        validity: Validity = .always,
        location: ConfigLocation = .code,
        costCenterLocation: ConfigLocation? = nil
    ) {
        self.subscription = subscription
        self.costCenter = costCenter
        self.validity = validity
        self.location = location
        self.costCenterLocation = costCenterLocation ?? location
    }
}

/// Subscriptions in management groups, and the groups' parents.
public struct ManagementGroupTable: Sendable {
    /// One subscription's membership.
    public struct Membership: Sendable {
        /// The subscription id or name.
        public var subscription: String
        /// The management group.
        public var group: String
        /// The days it applies on.
        public var validity: Validity
        /// Where it was written.
        public var location: ConfigLocation

        /// Creates a membership.
        public init(subscription: String, group: String, validity: Validity = .always, location: ConfigLocation = .code)
        {
            self.subscription = subscription
            self.group = group
            self.validity = validity
            self.location = location
        }
    }

    /// Memberships.
    public var memberships: [Membership] = []
    /// Group → parent group, compared case-insensitively.
    public var parents: [String: String] = [:]

    /// No groups.
    public init() {}
}

/// Tags given in the configuration for subscriptions and resource groups, filling in tags the
/// resources lack (Azure only carries resource tags in cost data).
public struct TagInheritance: Sendable {
    /// Which value wins when a resource has a tag and its subscription or group also gives one.
    public enum Preference: String, Sendable, CaseIterable {
        /// The resource's own tag wins; inherited tags only fill in missing ones (the default).
        case resource
        /// The resource group's tag wins, then the subscription's, then the resource's.
        case inherited
    }

    /// One entry: tags for a subscription, or for resource groups (optionally within a subscription).
    public struct Entry: Sendable {
        /// The subscription id or name; `nil` for a resource-group entry that applies in every subscription.
        public var subscription: String?
        /// The resource-group pattern; `nil` for a subscription entry.
        public var resourceGroup: TextPattern?
        /// The tags, key as written and value.
        public var tags: [Tag]
        /// The days it applies on.
        public var validity: Validity
        /// Where it was written.
        public var location: ConfigLocation

        /// Creates an entry.
        public init(
            subscription: String?,
            resourceGroup: TextPattern?,
            tags: [Tag],
            validity: Validity = .always,
            location: ConfigLocation = .code
        ) {
            self.subscription = subscription
            self.resourceGroup = resourceGroup
            self.tags = tags
            self.validity = validity
            self.location = location
        }
    }

    /// The precedence.
    public var prefer: Preference = .resource
    /// The entries.
    public var entries: [Entry] = []

    /// No inheritance.
    public init() {}
}

/// Where unused reservation and savings-plan cost (amortized `UnusedReservation`,
/// `UnusedSavingsPlan` rows, which have no subscription) goes.
public struct UnusedCommitmentRouting: Sendable {
    /// Per benefit: a pattern on the benefit id or name, and the purchasing cost center.
    public var benefits: [(pattern: TextPattern, costCenter: String, location: ConfigLocation)]
    /// The cost center for any other benefit; `nil` leaves those rows to the rules.
    public var costCenter: String?
    /// Where it was written.
    public var location: ConfigLocation

    /// Creates a routing.
    public init(
        costCenter: String?,
        benefits: [(pattern: TextPattern, costCenter: String, location: ConfigLocation)] = [],
        location: ConfigLocation = .code
    ) {
        self.costCenter = costCenter
        self.benefits = benefits
        self.location = location
    }
}

/// The journal: its layout (a template) and its accounts.
public struct JournalSettings: Sendable {
    /// When the journal is posted.
    public enum PostingDate: Hashable, Sendable {
        /// The last day of the period (the default).
        case lastDayOfPeriod
        /// The first day of the period.
        case firstDayOfPeriod
        /// A fixed day.
        case day(Day)
    }

    /// A template name (`generic`, `sap`, `netsuite`: `templates/journal/<name>.csv.mustache`) or a
    /// path to a `.mustache` file (relative to the configuration file).
    public var template = "generic"
    /// Where the configuration names the template, for an error about it (nil: the default).
    public var templateLocation: ConfigLocation?
    /// Journal ids are `<prefix>-<period>-<currency>`.
    public var idPrefix = "CHB"
    /// The posting date.
    public var postingDate: PostingDate = .lastDayOfPeriod
    /// The providing account credited with what the cost centers are charged.
    public var creditAccount = "cloud-recovery"
    /// The providing cost center on the credit line.
    public var creditCostCenter = ""
    /// Text at the start of every line's memo.
    public var memo = "Azure chargeback"
    /// The company code (SAP `BUKRS`), passed to templates.
    public var companyCode = ""
    /// The document type (SAP `BLART`), passed to templates.
    public var documentType = "SA"
    /// The ledger or subsidiary, passed to templates.
    public var ledger = ""

    /// The defaults.
    public init() {}
}
