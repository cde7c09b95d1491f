import Foundation
import Testing

@testable import ReckonKit

/// Reading the `allocation:` section: the bundled examples parse, and every mistake is an error that
/// names the file, the line and the key.
@Suite struct AllocationConfigTests {
    @Test func theContosoConfigurationReads() throws {
        let config = try #require(try ReckonConfig.load(path: Fixtures.path("contoso-2026-10/reckon.yaml")).allocation)
        #expect(config.metric == .amortized)
        #expect(config.azureAllocationRows == .strip)
        #expect(config.costCenters.count == 20)
        #expect(config.costCenters.first { $0.id == "CC-1038" }?.parent == "platform")
        #expect(
            config.costCenters.first { $0.id == "uk" }?.budgets == [
                Money(amount: Amount(1500), currency: CurrencyCode("GBP"))
            ]
        )
        #expect(
            config.rules.map(\.name) == [
                "shared-platform", "marketplace-datadog", "platform-test-handover", "uk-sandboxes", "cost-center-tag",
                "platform-resource-groups", "subscription-map",
            ]
        )
        #expect(config.rules[2].validity == Validity(from: AllocationTest.day(16)))
        #expect(config.subscriptionMap.count == 29)
        #expect(
            config.subscriptionMap[7].location.description == Fixtures.path("contoso-2026-10/subscription-map.csv")
                + ":9"
        )
        #expect(
            config.pools.map(\.name) == [
                "shared-log-analytics", "support-contract", "corporate-support-by-tickets", "uk-customer-support-logs",
            ]
        )
        #expect(config.dayBoundaries == [AllocationTest.day(16)])
        #expect(config.journal.creditAccount == "615099")
    }

    /// Mistakes and where they are reported: (YAML, line, column, what the message says).
    @Test(arguments: [
        ("allocation:\n  metrc: actual\n", 2, "unknown key 'metrc'"),
        ("allocation:\n  metric: net\n", 2, "expected amortized (EffectiveCost) or actual"),
        (
            "allocation:\n  cost_centers:\n    - { id: a }\n  rules:\n    - { match: { subscription: x }, to: b }\n", 5,
            "'b' is not a cost center"
        ), ("allocation:\n  cost_centers:\n    - { id: a }\n    - { id: A }\n", 4, "'A' already names cost center 'a'"),
        (
            "allocation:\n  cost_centers:\n    - { id: a }\n    - { id: a/b }\n", 4,
            "cost center id 'a/b' contains '/', which joins ids into paths"
        ),
        (
            "allocation:\n  cost_centers:\n    - { id: a }\n  rules:\n    - { match: { subscription: x }, to: a, to_tag: cc }\n",
            5, "give only one of to, to_tag"
        ),
        ("allocation:\n  rules:\n    - { match: { colour: red }, to: unallocated }\n", 3, "unknown match key 'colour'"),
        (
            "allocation:\n  rules:\n    - { to: unallocated, valid_from: 2026-10-20, valid_to: 2026-10-01 }\n", 3,
            "valid_to 2026-10-01 is before valid_from 2026-10-20"
        ),
        (
            "allocation:\n  rules:\n    - { to: unallocated, valid_from: 10/20/2026 }\n", 3,
            "is not a date; expected yyyy-MM-dd"
        ),
        (
            "allocation:\n  cost_centers: [{ id: s }, { id: a }, { id: b }]\n  pools:\n    - name: p\n      from: s\n      method: percent\n      shares: { a: 45, b: 54 }\n",
            7, "the percentages total 99, not 100: add remainder_to"
        ),
        (
            "allocation:\n  cost_centers: [{ id: s }, { id: a }, { id: b }]\n  pools:\n    - name: p\n      from: s\n      method: percent\n      shares: { a: 60, b: 54 }\n",
            7, "the percentages total 114, more than 100"
        ),
        (
            "allocation:\n  cost_centers: [{ id: s }, { id: a }]\n  pools:\n    - name: p\n      from: s\n      match: { tags: { app: x } }\n      method: even\n      to: [a]\n",
            6, "a pool can match on"
        ),
        (
            "allocation:\n  cost_centers: [{ id: s }, { id: a }]\n  pools:\n    - name: p\n      from: s\n      method: even\n      to: [a, s]\n",
            7, "'s' is the pool's own source"
        ),
        (
            "allocation:\n  cost_centers: [{ id: s }, { id: a }]\n  pools:\n    - name: p\n      from: nobody\n      method: even\n      to: [a]\n",
            5, "'nobody' is not a cost center"
        ),
        (
            "allocation:\n  cost_centers: [{ id: s }, { id: a }, { id: b }]\n  pools:\n    - name: p\n      from: s\n      method: percent\n      shares: { a: 50, b: 40 }\n      remainder_to: nobody\n",
            8, "'nobody' is not a cost center"
        ),
        (
            "allocation:\n  cost_centers: [{ id: s }, { id: a }]\n  pools:\n    - name: p\n      from: s\n      method: even\n      to: [a]\n      valid_from: 2026-10-15\n",
            8, "valid_from must be the first day of a month"
        ),
        (
            "allocation:\n  cost_centers: [{ id: a }]\n  pools:\n    - name: p\n      amount: { value: 10.005, currency: USD }\n      method: even\n      to: [a]\n",
            5, "an off-bill amount must be in whole minor units of USD"
        ),
        (
            "allocation:\n  cost_centers: [{ id: s }, { id: a }]\n  pools:\n    - name: p\n      from: s\n      method: proportional\n      basis: gpus\n      to: [a]\n",
            7, "unknown basis 'gpus'"
        ), ("allocation:\n  rules:\n    - { use: subscription_map }\n", 3, "no subscription_map is given"),
        (
            "allocation:\n  cost_centers:\n    - id: a\n      budget: { amount: -5, currency: USD }\n", 4,
            "a budget must be more than zero"
        ),
        (
            "allocation:\n  cost_centers:\n    - id: a\n      budget:\n        amount: 1000.005\n        currency: GBP\n",
            5, "a budget must be in whole minor units of GBP"
        ),
        (
            "allocation:\n  cost_centers:\n    - id: a\n      budget: [\"10 USD\", \"20 USD\"]\n", 4,
            "a second budget in USD for a; give one per currency"
        ),
        (
            "allocation:\n  cost_centers: [{ id: a }]\n  subscription_map:\n    - subscription: x\n      cost_center: nope\n",
            5, "'nope' is not a cost center"
        ), ("allocation:\n  cost_centers:\n    - { id: a, budget: 12 }\n", 3, "expected an amount and a currency"),
    ]) func errorsNameTheLine(yaml: String, line: Int, message: String) throws {
        #expect { _ = try ReckonConfig.parse(yaml, file: "reckon.yaml") } throws: { error in
            guard let error = error as? ConfigError else { return false }
            let matches = error.file == "reckon.yaml" && error.line == line && error.problem.contains(message)
            if !matches { Issue.record("got \(error)") }
            return matches
        }
    }

    @Test func errorTextNamesFileLineColumnAndKey() throws {
        do {
            _ = try ReckonConfig.parse(
                "allocation:\n  cost_centers:\n    - { id: a }\n  rules:\n    - name: r\n      to: nowhere\n",
                file: "reckon.yaml"
            )
            Issue.record("expected an error")
        } catch {
            #expect(
                "\(error)"
                    == "reckon.yaml:5:7: allocation.rules[0]: 'nowhere' is not a cost center; define it under cost_centers (ids and aliases match trimmed and case-insensitively)"
            )
        }
    }

    /// A map row whose cost center is not defined names the map's cost_center column, not its
    /// subscription_id column.
    @Test func anUnknownCostCenterInTheMapNamesItsColumn() throws {
        let folder = try Fixtures.temporaryFolder()
        try Data("subscription_id,cost_center\nabc,a\ndef,nope\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/map.csv"))
        try Data("allocation:\n  cost_centers: [{ id: a }]\n  subscription_map: map.csv\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/reckon.yaml"))
        #expect { _ = try ReckonConfig.load(path: folder + "/reckon.yaml") } throws: { error in
            "\(error)".contains("/map.csv:3:2: cost_center: 'nope' is not a cost center")
        }
    }

    /// A driver file's errors name the file as read (its folder too), the line and the column,
    /// like every other table's: a cost center given twice, or one the tree does not have.
    @Test(arguments: [
        ("cost_center,quantity\na,1\na,2\n", "/drivers.csv:3:1: cost_center: "),
        ("cost_center,quantity\na,1\nnope,2\n", "/drivers.csv:3:1: cost_center: "),
    ]) func driverFileErrorsNameTheFileLineAndColumn(csv: String, prefix: String) throws {
        let folder = try Fixtures.temporaryFolder()
        try Data(csv.utf8).write(to: URL(fileURLWithPath: folder + "/drivers.csv"))
        let yaml =
            "allocation:\n  cost_centers: [{ id: s }, { id: a }, { id: b }]\n  pools:\n    - { name: p, from: s, method: driver, driver: drivers.csv }\n"
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: folder + "/reckon.yaml"))
        #expect { _ = try ReckonConfig.load(path: folder + "/reckon.yaml") } throws: { error in
            let text = "\(error)"
            if !text.contains(folder + prefix) { Issue.record("got \(text)") }
            return text.contains(folder + prefix)
        }
    }

    /// Subscription-map CSV errors name the CSV file, its line and column.
    @Test(arguments: [
        ("subscription_id,costcenter\nabc,CC1\n", 1, nil as Int?, "missing cost_center"),
        ("subscription_id,cost_center,valid_from\nabc,CC1,31/10/2026\n", 2, 3, "'31/10/2026' is not a date"),
        ("subscription_id,cost_center\nabc,\n", 2, 2, "the cost center is empty"),
        (
            "subscription_id,cost_center,valid_from,valid_to\nabc,A,,2026-10-15\nABC,B,2026-10-15,\n", 3, 1,
            "already mapped for overlapping dates"
        ), ("subscription_id,cost_center\nabc,A,extra\n", 2, nil, "expected 2 fields"),
    ]) func subscriptionMapErrorsNameTheCSVLine(csv: String, line: Int, column: Int?, message: String) throws {
        let folder = try Fixtures.temporaryFolder()
        try Data(csv.utf8).write(to: URL(fileURLWithPath: folder + "/map.csv"))
        #expect {
            var config = AllocationConfig.subscriptionMapOnly(
                try ConfigTable.subscriptionMap(path: folder + "/map.csv")
            )
            try config.validate()
        } throws: { error in
            guard let error = error as? ConfigError else { return false }
            let matches =
                error.file.hasSuffix("map.csv") && error.line == line && error.column == column
                && error.problem.contains(message)
            if !matches { Issue.record("got \(error)") }
            return matches
        }
    }

    @Test func aSubscriptionMapAloneMakesTheTree() throws {
        let config = AllocationConfig.subscriptionMapOnly(
            try ConfigTable.subscriptionMap(path: Fixtures.path("contoso-2026-10/subscription-map.csv"))
        )
        let tree = CostCenterTree(config)
        #expect(
            tree.nodes.map(\.id) == [
                "CC-1023", "CC-1026", "CC-1029", "CC-1032", "CC-1038", "CC-1041", "CC-1044", "CC-1050", "CC-1056",
                "CC-1059", "CC-1062", "CC-1065", "unallocated",
            ]
        )
        #expect(tree.nodes.allSatisfy { $0.depth == 0 })
    }

    /// Every file the section names is listed for the manifest, resolved against the configuration's
    /// folder, in the order the parser reads them; `--subscription-map` adds its file and marks the
    /// section's map as replaced.
    @Test func theFilesTheSectionNamesAreItsInputs() throws {
        let folder = try Fixtures.temporaryFolder()
        let files = [
            "maps/subscriptions.csv": "subscription_id,cost_center\nsub-1,a\n",
            "groups.csv": "subscription_id,management_group\nsub-1,g1\n",
            "tags.csv": "subscription_id,resource_group,tag_key,tag_value\nsub-1,,app,x\n",
            "tickets.csv": "cost_center,quantity\na,3\nb,1\n",
            "custom.mustache": "{{% CONTENT_TYPE: TEXT}}\n{{#lines}}{{account}}\n{{/lines}}",
            "override.csv": "subscription_id,cost_center\nsub-1,b\n",
        ]
        try FileManager.default.createDirectory(atPath: folder + "/maps", withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        let yaml = """
            allocation:
              cost_centers: [{ id: s }, { id: a }, { id: b }]
              journal: { template: custom.mustache }
              pools:
                - { name: first-by-tickets, from: s, method: driver, driver: tickets.csv }
                - { name: second-by-tickets, from: s, method: driver, driver: { file: tickets.csv } }
              tag_inheritance: { file: tags.csv }
              management_groups: { file: groups.csv }
              subscription_map: maps/subscriptions.csv
            """
        try Data(yaml.utf8).write(to: URL(fileURLWithPath: folder + "/reckon.yaml"))
        var config = try ReckonConfig.load(path: folder + "/reckon.yaml")
        let expected: [(String, String)] = [
            (folder + "/maps/subscriptions.csv", "subscription map"), (folder + "/groups.csv", "management groups"),
            (folder + "/tags.csv", "inherited tags"), (folder + "/tickets.csv", "pool driver (first-by-tickets)"),
            (folder + "/tickets.csv", "pool driver (second-by-tickets)"),
            (folder + "/custom.mustache", "journal template"),
        ]
        let inputs = try #require(config.allocation?.inputs)
        #expect(inputs.map(\.path) == expected.map(\.0))
        #expect(inputs.map(\.role) == expected.map(\.1))

        try config.applySubscriptionMap(folder + "/override.csv")
        let replaced = try #require(config.allocation?.inputs)
        #expect(replaced.count == 7)
        #expect(replaced.first?.role == "subscription map (replaced by --subscription-map)")
        #expect(replaced.last == ConfigInput(path: folder + "/override.csv", kind: .subscriptionMap))

        // With no allocation section the map alone is the configuration, and its only input.
        var bare = ReckonConfig()
        try bare.applySubscriptionMap(folder + "/override.csv")
        #expect(bare.allocation?.inputs == [ConfigInput(path: folder + "/override.csv", kind: .subscriptionMap)])
    }

    @Test func textPatternsAreTrimmedCaseInsensitiveGlobs() {
        #expect(TextPattern("rg-platform-*").matches("RG-PLATFORM-app-test"))
        #expect(TextPattern(" Log Analytics ").matches("log analytics"))
        #expect(TextPattern("rg-?-x").matches("rg-a-x"))
        #expect(!TextPattern("rg-?-x").matches("rg-ab-x"))
        #expect(TextPattern("*a*b*").matches("xxaxxbxx"))
        #expect(!TextPattern("*a*b").matches("xxaxxbxxc"))
        #expect(TextPattern("*").matches(""))
    }
}

extension AllocationConfigTests {
    /// Cost centers made from a subscription map alone are all top-level, so an id with '/' cannot
    /// share a path with another: it is accepted there (and refused under cost_centers).
    @Test func aMapAloneMayNameCostCentersWithASlash() throws {
        let config = try ReckonConfig.parse(
            "allocation:\n  subscription_map:\n    - subscription: x\n      cost_center: Ops/EMEA\n",
            file: "reckon.yaml"
        )
        #expect(config.allocation?.costCenters.map(\.id) == ["Ops/EMEA"])
    }
}
