extension AllocationConfig {
    /// Completes and checks the configuration.
    ///
    /// When no cost centers are given, every cost center the subscription map names becomes a
    /// top-level node. Then every reference must name a cost center (by id or alias), ids must not
    /// contain `/` (it joins them into paths), ids and aliases must be unique, map rows for one subscription must not overlap in time, pool names
    /// must be unique and percentages must total 100 (or say where the rest goes).
    ///
    /// - Throws: ``ConfigError`` at the line of the first problem.
    public mutating func validate() throws(ConfigError) {
        if costCenters.isEmpty || costCentersFromMap {
            costCenters = []
            costCentersFromMap = !subscriptionMap.isEmpty
            var seen: Set<String> = []
            for entry in subscriptionMap where seen.insert(CostCenterSpec.normalized(entry.costCenter)).inserted {
                costCenters.append(CostCenterSpec(id: entry.costCenter, location: entry.location))
            }
        }
        var names: [String: CostCenterSpec] = [:]
        for spec in costCenters {
            // Paths join ids with '/': `a/b` and `b` under `a` would both be `…/a/b`. (Cost
            // centers made from a subscription map are all top-level, so no two paths can meet.)
            if spec.id.contains("/") && !costCentersFromMap {
                throw spec.location.error(
                    "cost center id '\(spec.id)' contains '/', which joins ids into paths (contoso/uk/CC-1029); use another character in the id, and keep '\(spec.id)' as an alias if tags or maps name it so"
                )
            }
            for name in [spec.id] + spec.aliases {
                let key = CostCenterSpec.normalized(name)
                if let other = names[key] {
                    throw spec.location.error(
                        "'\(name)' already names cost center '\(other.id)' (\(other.location.description))"
                    )
                }
                names[key] = spec
            }
            var currencies: Set<CurrencyCode> = []
            for budget in spec.budgets where !currencies.insert(budget.currency).inserted {
                throw spec.location.error("cost center '\(spec.id)' has two budgets in \(budget.currency)")
            }
        }
        let unallocatedKey = CostCenterSpec.normalized(unallocated)
        if let spec = names[unallocatedKey], CostCenterSpec.normalized(spec.id) != unallocatedKey {
            throw spec.location.error(
                "'\(unallocated)' is the unallocated cost center's id; it cannot be an alias of '\(spec.id)'"
            )
        }
        func known(_ id: String) -> Bool {
            let key = CostCenterSpec.normalized(id)
            return key == unallocatedKey || names[key] != nil
        }
        func check(_ id: String, at location: ConfigLocation) throws(ConfigError) {
            if !known(id) {
                throw location.error(
                    "'\(id)' is not a cost center; define it under cost_centers (ids and aliases match trimmed and case-insensitively)"
                )
            }
        }

        for rule in rules {
            switch rule.target {
            case .costCenter(let id): try check(id, at: rule.location)
            case .tagValue: break
            case .subscriptionMap:
                if subscriptionMap.isEmpty {
                    throw rule.location.error("use: subscription_map, but no subscription_map is given")
                }
            }
        }
        var bySubscription: [String: [SubscriptionMapEntry]] = [:]
        for entry in subscriptionMap {
            try check(entry.costCenter, at: entry.costCenterLocation)
            let key = CostCenterSpec.normalized(entry.subscription)
            for other in bySubscription[key] ?? [] where other.validity.overlapsValidity(entry.validity) {
                throw entry.location.error(
                    "subscription \(entry.subscription) is already mapped for overlapping dates (\(other.validity)) at \(other.location.description)"
                )
            }
            bySubscription[key, default: []].append(entry)
        }
        var memberships: [String: [ManagementGroupTable.Membership]] = [:]
        for membership in managementGroups.memberships {
            let key = CostCenterSpec.normalized(membership.subscription)
            for other in memberships[key] ?? [] where other.validity.overlapsValidity(membership.validity) {
                throw membership.location.error(
                    "subscription \(membership.subscription) is already in management group \(other.group) for overlapping dates at \(other.location.description)"
                )
            }
            memberships[key, default: []].append(membership)
        }
        if let routing = unusedCommitment {
            if let id = routing.costCenter { try check(id, at: routing.location) }
            for benefit in routing.benefits { try check(benefit.costCenter, at: benefit.location) }
        }

        var poolNames: Set<String> = []
        for pool in pools {
            if !poolNames.insert(pool.name.lowercased()).inserted {
                throw pool.location.error("another pool is already named '\(pool.name)'")
            }
            var sourceKey: String?
            if case .costCenter(let id, _) = pool.source {
                try check(id, at: pool.location(of: "from"))
                sourceKey = CostCenterSpec.normalized(canonical(id, names) ?? id)
            }
            var listed: [String] = []
            switch pool.targets {
            case .list(let ids): listed = ids
            case .childrenOf(let id), .leavesOf(let id): try check(id, at: pool.location(of: "to"))
            }
            switch pool.method {
            case .percent(let shares, let remainder):
                listed = shares.map(\.costCenter)
                if let remainder, remainder != "source" {
                    try check(remainder, at: pool.location(of: "remainder_to"))
                } else if remainder == "source" && sourceKey == nil {
                    throw pool.location(of: "remainder_to")
                        .error(
                            "remainder_to: source needs a pool with from: (an off-bill amount has no source cost center)"
                        )
                }
            case .driver(let table):
                var seen: Set<String> = []
                for row in table.rows {
                    try check(row.costCenter, at: row.location)
                    if !seen.insert(CostCenterSpec.normalized(canonical(row.costCenter, names) ?? row.costCenter))
                        .inserted
                    {
                        throw row.location.error("cost center '\(row.costCenter)' has another row in this driver file")
                    }
                }
                listed = table.rows.map(\.costCenter)
            case .even, .proportional: break
            }
            var seen: Set<String> = []
            let listedAt = pool.location(of: pool.keyLocations["shares"] != nil ? "shares" : "to")
            for id in listed {
                try check(id, at: listedAt)
                let key = CostCenterSpec.normalized(canonical(id, names) ?? id)
                if key == sourceKey {
                    throw listedAt.error(
                        "'\(id)' is the pool's own source; to keep part of it there, use method: percent with remainder_to: source"
                    )
                }
                if !seen.insert(key).inserted { throw listedAt.error("'\(id)' is listed twice") }
            }
        }
    }

    /// The id a name (id or alias) stands for.
    func canonical(_ name: String, _ names: [String: CostCenterSpec]) -> String? {
        names[CostCenterSpec.normalized(name)]?.id
    }
}

extension Validity {
    /// Whether two validities share a day.
    func overlapsValidity(_ other: Validity) -> Bool {
        if let from, let otherTo = other.to, from > otherTo { return false }
        if let to, let otherFrom = other.from, to < otherFrom { return false }
        return true
    }
}
