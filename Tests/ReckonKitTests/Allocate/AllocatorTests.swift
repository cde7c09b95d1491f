import Foundation
import Testing

@testable import ReckonKit

/// Rule semantics, tags, effective dating, Azure allocation rows and pools, on small hand-made
/// months whose results are worked out in the comments.
@Suite struct AllocatorTests {
    static let tree = """
        allocation:
          cost_centers:
            - id: org
              children:
                - { id: team-a, aliases: [alpha] }
                - { id: team-b }
                - { id: shared }
        """

    @Test func firstMatchingRuleWinsAndTheRestIsUnallocated() throws {
        let config = try AllocationTest.config(
            Self.tree + """

                  rules:
                    - { name: by-group, match: { resource_group: "rg-a-*" }, to: team-a }
                    - { name: by-sub, match: { subscription: [sub-b, Sub B name] }, to: team-b }
                    - { name: late, match: { resource_group: "rg-a-x" }, to: team-b }
                """
        )
        let result = try AllocationTest.allocate(
            [
                try AllocationTest.cost("10.004", subscription: "sub-b", group: "rg-a-x"),
                try AllocationTest.cost("5.003", subscription: "x", name: "SUB B NAME"),
                try AllocationTest.cost("1.001", subscription: "other"),
            ],
            config
        )
        // 16.008 → 16.01: team-a 10.004 → 10.00, team-b 5.003 → 5.00, unallocated 1.001 → 1.00, and
        // the cent left goes to the largest remainder (0.4 of team-a's cent).
        #expect(AllocationTest.totals(result) == ["team-a": "10.01", "team-b": "5.00", "unallocated": "1.00"])
        #expect(result.lines.first { $0.costCenter == "team-a" }?.rule == "by-group")
        #expect(result.lines.first { $0.costCenter == "team-a" }?.basis == "resource_group=rg-a-x")
        #expect(result.shares.first?.unallocated == Amount(1))
        #expect(
            result.diagnostics.contains { $0.message.hasPrefix("1 subscription(s) or charge kinds matched no rule") }
        )
    }

    /// Map rows change owner on 16 October: the cost of the 10th goes to the old owner, the 20th to
    /// the new one; through the streaming reader the sink keeps the two date segments apart.
    @Test func effectiveDatedMapRowsUseTheOwnerOfTheDay() throws {
        let folder = try Fixtures.temporaryFolder()
        try Data(
            "subscription_id,cost_center,valid_from,valid_to\nSUB-1,team-a,,2026-10-15\nsub-1,team-b,2026-10-16,\nsub-2,team-b,,\n"
                .utf8
        )
        .write(to: URL(fileURLWithPath: folder + "/map.csv"))
        var config = AllocationConfig.subscriptionMapOnly(try ConfigTable.subscriptionMap(path: folder + "/map.csv"))
        try config.validate()
        #expect(config.dayBoundaries == [AllocationTest.day(16)])

        let path = try AllocationTest.mcaFile([
            ["10/10/2026", "sub-1", "one", "rg", "VM", "1.50", "", ""],
            ["10/15/2026", "sub-1", "one", "rg", "VM", "2.25", "", ""],
            ["10/16/2026", "sub-1", "one", "rg", "VM", "4.00", "", ""],
            ["10/20/2026", "sub-1", "one", "rg", "VM", "8.00", "", ""],
            ["10/20/2026", "sub-2", "two", "rg", "VM", "0.01", "", ""],
        ])
        let plan = try InputDiscovery.costFiles(at: path, metric: nil)
        let run = try AllocationRunner.run(plan: plan, config: config, reject: { _ in })
        #expect(AllocationTest.totals(run.result) == ["team-a": "3.75", "team-b": "12.01"])
        #expect(run.distinctKeys == 3)  // sub-1 before and after the 16th, sub-2
        #expect(run.result.period.label == "2026-10")
        // Each line says which row of the map placed it, with the row's dates when it has any.
        #expect(
            Set(run.result.lines.map { "\($0.costCenter) \($0.basis)" }) == [
                "team-a subscription SUB-1 (map.csv:2, until 2026-10-15)",
                "team-b subscription sub-1 (map.csv:3, from 2026-10-16)", "team-b subscription sub-2 (map.csv:4)",
            ]
        )
    }

    /// Without any effective dating the day never splits keys: rows of many days roll up into one.
    @Test func withoutBoundariesDaysDoNotMultiplyKeys() throws {
        let config = try AllocationTest.config(Self.tree + "\n  rules:\n    - { to: team-a }\n")
        let rows = (1...31).map { ["10/\($0 < 10 ? "0" : "")\($0)/2026", "sub-1", "one", "rg", "VM", "1", "", ""] }
        let run = try AllocationRunner.run(
            plan: try InputDiscovery.costFiles(at: try AllocationTest.mcaFile(rows), metric: nil),
            config: config,
            reject: { _ in }
        )
        #expect(run.distinctKeys == 1)
        #expect(AllocationTest.totals(run.result) == ["team-a": "31.00"])
    }

    /// Keys are matched trimmed and case-insensitively; a resource that writes one key twice with
    /// different values is reported, and the first non-empty value is used. An empty value never
    /// hides a non-empty one. Tag values name cost centers by id or alias, case-insensitively.
    @Test func tagKeyCollisionsAreReported() throws {
        let config = try AllocationTest.config(
            Self.tree + "\n  rules:\n    - { match: { tags: { costCenter: \"*\" } }, to_tag: costCenter }\n"
        )
        let result = try AllocationTest.allocate(
            [
                try AllocationTest.cost("1.00", tags: #""CostCenter": "team-a","costcenter ": "team-b""#),
                try AllocationTest.cost("2.00", tags: #""costCenter": "","COSTCENTER": " Team-B ""#),
                try AllocationTest.cost("4.00", tags: #"" costcenter": "ALPHA""#),
                try AllocationTest.cost("8.00", tags: #""costCenter": "team-z""#),
                try AllocationTest.cost("16.00", tags: #"not json"#),
            ],
            config
        )
        #expect(AllocationTest.totals(result) == ["team-a": "5.00", "team-b": "2.00", "unallocated": "24.00"])
        let messages = result.diagnostics.map(\.description)
        #expect(
            messages.contains {
                $0.hasPrefix(
                    "warning: tag key costcenter collides within one resource's tags, with different values (CostCenter=team-a vs costcenter =team-b)"
                )
            }
        )
        #expect(messages.contains { $0.hasPrefix("note: tag key costcenter is written 5 ways") })
        #expect(
            messages.contains(
                "warning: tag costcenter=team-z names no cost center (1 rows, 8.00 USD); the next rule was used"
            )
        )
        #expect(messages.contains { $0.hasPrefix("warning: 1 rows have tags that are not valid JSON pairs") })
    }

    /// Inherited tags fill in missing resource tags; `prefer` decides when both exist. Worked out:
    /// 1.00 on rg-a has its own cc=team-b; 2.00 on rg-b1 has cc=alpha (team-a); 4.00 on rg-c has an
    /// empty cc (missing). The subscription gives team-a, resource groups rg-b* give team-b.
    /// prefer resource: own tags win → team-b 1.00, team-a 2.00 + 4.00 (inherited fills the empty one).
    /// prefer inherited: group over subscription over resource → team-a 1.00 + 4.00, team-b 2.00.
    @Test(arguments: [
        ("resource", ["team-a": "6.00", "team-b": "1.00"]), ("inherited", ["team-a": "5.00", "team-b": "2.00"]),
    ]) func tagInheritancePrecedence(prefer: String, expected: [String: String]) throws {
        let config = try AllocationTest.config(
            Self.tree + """

                  tag_inheritance:
                    prefer: \(prefer)
                    subscriptions:
                      - { subscription: sub-1, tags: { cc: team-a } }
                    resource_groups:
                      - { subscription: sub-1, resource_group: "rg-b*", tags: { cc: team-b } }
                  rules:
                    - { match: { tags: { cc: "*" } }, to_tag: cc }
                """
        )
        let result = try AllocationTest.allocate(
            [
                try AllocationTest.cost("1.00", subscription: "SUB-1", group: "rg-a", tags: #""cc": "team-b""#),
                try AllocationTest.cost("2.00", subscription: "sub-1", group: "rg-b1", tags: #""cc": "alpha""#),
                try AllocationTest.cost("4.00", subscription: "sub-1", group: "rg-c", tags: #""cc": """#),
            ],
            config
        )
        #expect(AllocationTest.totals(result) == expected)
    }

    /// A rule valid for part of the month says which part in the words of the lines it places, so a
    /// statement shows why the same resource group is charged elsewhere on other days.
    @Test func aDatedRuleSaysItsDatesInTheLinesItPlaces() throws {
        let config = try AllocationTest.config(
            Self.tree + """

                  rules:
                    - { name: handover, match: { resource_group: rg-x }, to: team-b, valid_from: 2026-10-16 }
                    - { name: general, match: { resource_group: "rg-*" }, to: team-a }
                """
        )
        let result = try AllocationTest.allocate(
            [
                try AllocationTest.cost("1.00", subscription: "s", group: "rg-x", day: 10),
                try AllocationTest.cost("2.00", subscription: "s", group: "rg-x", day: 20),
            ],
            config
        )
        #expect(
            result.lines.map { "\($0.costCenter) \($0.rule) \($0.basis)" }.sorted() == [
                "team-a general resource_group=rg-x", "team-b handover resource_group=rg-x (from 2026-10-16)",
            ]
        )
    }

    /// A line's words say whether the tag that placed it is the resource's own or inherited.
    @Test func aLineSaysWhenItsTagIsInherited() throws {
        let config = try AllocationTest.config(
            Self.tree + """

                  tag_inheritance:
                    subscriptions:
                      - { subscription: sub-1, tags: { cc: team-a } }
                  rules:
                    - { match: { tags: { cc: "*" } }, to_tag: cc }
                """
        )
        let result = try AllocationTest.allocate(
            [
                try AllocationTest.cost("1.00", subscription: "sub-1", group: "rg-a", tags: #""cc": "team-b""#),
                try AllocationTest.cost("4.00", subscription: "sub-1", group: "rg-c"),
            ],
            config
        )
        #expect(
            result.lines.map { "\($0.costCenter) \($0.amount.fixed(2)) \($0.basis)" }.sorted() == [
                "team-a 4.00 inherited tag cc=team-a", "team-b 1.00 tag cc=team-b",
            ]
        )
    }

    @Test func inheritedWinsOverTheResourceTagWhenPreferred() throws {
        let config = try AllocationTest.config(
            Self.tree + """

                  tag_inheritance:
                    prefer: inherited
                    resource_groups:
                      - { resource_group: "rg-b*", tags: { cc: team-b } }
                  rules:
                    - { match: { tags: { cc: "*" } }, to_tag: cc }
                """
        )
        let result = try AllocationTest.allocate(
            [try AllocationTest.cost("3.00", subscription: "s", group: "rg-b1", tags: #""cc": "team-a""#)],
            config
        )
        #expect(AllocationTest.totals(result) == ["team-b": "3.00"])
    }

    /// Azure already moved 100.00 of a shared workspace to two teams (60/40). Respected, the rows
    /// count for the targets' own subscriptions (their tags are the source's and are ignored) and the
    /// pool that stands for the Azure rule is skipped; stripped, the pool splits the original 100.00
    /// evenly. Either way the teams are charged 100.00 in total, never 200.00.
    @Test(arguments: [AzureAllocationRows.respect, .strip]) func azureAllocationRowsAreRespectedOrStrippedNeverBoth(
        mode: AzureAllocationRows
    ) throws {
        let config = try AllocationTest.config(
            Self.tree + """

                  azure_allocation_rows: \(mode.rawValue)
                  rules:
                    - { match: { tags: { cc: "*" } }, to_tag: cc }
                    - { match: { subscription: s-shared }, to: shared }
                    - { match: { subscription: s-a }, to: team-a }
                    - { match: { subscription: s-b }, to: team-b }
                  pools:
                    - { name: logs, replaces_azure_rule: Shared-Logs, from: shared, method: even, to: [team-a, team-b] }
                """
        )
        let tags = #""cc": "shared""#
        let path = try AllocationTest.mcaFile([
            ["10/05/2026", "s-shared", "shared", "rg-logs", "Log Analytics", "100.00", tags, ""],
            ["10/05/2026", "s-shared", "shared", "rg-logs", "Log Analytics", "-100.00", tags, "Shared-Logs"],
            ["10/05/2026", "s-a", "a", "rg-logs", "Log Analytics", "60.00", tags, "Shared-Logs"],
            ["10/05/2026", "s-b", "b", "rg-logs", "Log Analytics", "40.00", tags, "Shared-Logs"],
            ["10/05/2026", "s-a", "a", "rg-app", "VM", "1.00", "", ""],
        ])
        let run = try AllocationRunner.run(
            plan: try InputDiscovery.costFiles(at: path, metric: nil),
            config: config,
            reject: { _ in }
        )
        let totals = AllocationTest.totals(run.result)
        switch mode {
        case .respect:
            #expect(totals == ["team-a": "61.00", "team-b": "40.00"])
            // The target row counts for its own subscription; the source tags it carries are ignored.
            #expect(
                run.result.lines.contains {
                    $0.costCenter == "team-a" && $0.meterCategory == "Log Analytics" && $0.basis == "subscription=s-a"
                }
            )
            #expect(run.result.azureAllocationRows.hasPrefix("respected: 3 rows of Azure rule(s) Shared-Logs kept"))
            #expect(
                run.result.steps.first?.outcome.hasPrefix("skipped: the data keeps the rows of Azure rule Shared-Logs")
                    == true
            )
            #expect(run.counts.used == 5)
        case .strip:
            #expect(totals == ["team-a": "51.00", "team-b": "50.00"])
            #expect(
                run.result.azureAllocationRows.hasPrefix(
                    "stripped: 3 rows of Azure rule(s) Shared-Logs removed (net 0 USD)"
                )
            )
            #expect(run.counts.filtered[FilterReason.costAllocation] == 3)
        }
        let teams = run.result.charges.filter { $0.costCenter.hasPrefix("team-") }.reduce(Amount.zero) { $0 + $1.total }
        #expect(teams == Amount(101))
    }

    /// A respected Azure rule's target rows that carry one of that rule's source resource groups
    /// (Azure targets subscriptions and keeps the source's group) are matched without it, as their
    /// tags are: a resource-group rule cannot send the target's share back to the source. A target
    /// row whose resource group is its own (Azure targets resource groups) still matches on it, and
    /// rows of another Azure rule, or no rule, in the same resource group are not affected.
    @Test func azureTargetRowsIgnoreTheSourcesResourceGroupOnly() throws {
        let config = try AllocationTest.config(
            Self.tree + """

                  rules:
                    - { match: { resource_group: "rg-logs*" }, to: shared }
                    - { match: { resource_group: rg-team-b }, to: team-b }
                    - { match: { subscription: s-a }, to: team-a }
                """
        )
        let result = try AllocationTest.allocate(
            [
                try AllocationTest.cost("100.00", subscription: "s-shared", group: "rg-logs"),
                try AllocationTest.cost(
                    "-100.00",
                    subscription: "s-shared",
                    group: "RG-LOGS",
                    azureRule: "Shared-Logs"
                ), try AllocationTest.cost("60.00", subscription: "s-a", group: "rg-logs", azureRule: "Shared-Logs"),
                try AllocationTest.cost("40.00", subscription: "s-b", group: "rg-team-b", azureRule: "Shared-Logs"),
                try AllocationTest.cost("7.00", subscription: "s-a", group: "rg-logs"),
                try AllocationTest.cost("5.00", subscription: "s-a", group: "rg-logs", azureRule: "Other-Rule"),
            ],
            config
        )
        #expect(AllocationTest.totals(result) == ["team-a": "60.00", "team-b": "40.00", "shared": "12.00"])
        #expect(
            result.lines.contains {
                $0.costCenter == "team-a" && $0.resourceGroup == "rg-logs" && $0.basis == "subscription=s-a"
            }
        )
    }

    /// A pool's `match` reads a line's resource group as the rules do: an Azure target share that
    /// carries its source's resource group is not in it (team-a's own rg-logs cost, 7.00, moves;
    /// its 60.00 share of Shared-Logs stays), so a pool cannot undo Azure's split either.
    @Test func poolsIgnoreTheSourcesResourceGroupOnAzureTargetRowsToo() throws {
        let config = try AllocationTest.config(
            Self.tree + """

                  rules:
                    - { match: { subscription: s-a }, to: team-a }
                    - { match: { resource_group: "rg-logs*" }, to: shared }
                  pools:
                    - { name: team-a-logs, from: team-a, match: { resource_group: "rg-logs*" }, method: even, to: [team-b] }
                """
        )
        let result = try AllocationTest.allocate(
            [
                try AllocationTest.cost("100.00", subscription: "s-shared", group: "rg-logs"),
                try AllocationTest.cost("-60.00", subscription: "s-shared", group: "rg-logs", azureRule: "Shared-Logs"),
                try AllocationTest.cost("60.00", subscription: "s-a", group: "rg-logs", azureRule: "Shared-Logs"),
                try AllocationTest.cost("7.00", subscription: "s-a", group: "rg-logs"),
            ],
            config
        )
        #expect(AllocationTest.totals(result) == ["team-a": "60.00", "team-b": "7.00", "shared": "40.00"])
    }

    /// The unallocated warning lists cost without a subscription under one label per charge type,
    /// whether the row leaves the subscription empty or writes EA's all-zero id.
    @Test func theAllZeroSubscriptionIsNoSubscription() throws {
        let config = try AllocationTest.config(
            Self.tree + "\n  rules:\n    - { match: { subscription: s-a }, to: team-a }\n"
        )
        let result = try AllocationTest.allocate(
            [
                try AllocationTest.cost("1.00", charge: "UnusedReservation"),
                try AllocationTest.cost(
                    "0.50",
                    subscription: "00000000-0000-0000-0000-000000000000",
                    charge: "UnusedReservation"
                ), try AllocationTest.cost("2.00", subscription: "s-a"),
            ],
            config
        )
        let warnings = result.diagnostics.filter { $0.severity == .warning }.map(\.message)
        #expect(
            warnings == [
                "1 subscription(s) or charge kinds matched no rule and went to unallocated: (no subscription: UnusedReservation) 1.50 USD"
            ]
        )
    }

    /// Pools run in order; the second splits what the first moved (a cascade), with its audit lines.
    @Test func poolsCascadeAndLeaveAuditLines() throws {
        let config = try AllocationTest.config(
            """
            allocation:
              cost_centers:
                - { id: hub }
                - id: dept
                  children: [{ id: t1 }, { id: t2 }, { id: t3 }]
              rules:
                - { match: { subscription: hub }, to: hub }
                - { match: { subscription: s1 }, to: t1 }
                - { match: { subscription: s2 }, to: t2 }
                - { match: { subscription: s3 }, to: t3 }
              pools:
                - { name: hub-to-dept, from: hub, method: even, to: [dept] }
                - { name: dept-by-compute, from: dept, method: proportional, basis: compute, to: { children_of: dept } }
            """
        )
        let result = try AllocationTest.allocate(
            [
                try AllocationTest.cost("100.00", subscription: "hub", meter: "Bandwidth", category: "Networking"),
                try AllocationTest.cost("30.00", subscription: "s1", category: "Compute"),
                try AllocationTest.cost("60.00", subscription: "s2", category: "Compute"),
                try AllocationTest.cost("500.00", subscription: "s3", category: "Storage"),
            ],
            config
        )
        // 100.00 by compute 30:60:0 → 33.33…, 66.66… → 3333 + 6666 = 9999, the cent to t2 (.67 > .33).
        #expect(AllocationTest.totals(result) == ["t1": "63.33", "t2": "126.67", "t3": "500.00"])
        #expect(
            result.steps.map(\.outcome) == [
                "split 100.00 USD from hub to 1 of 1 cost center(s), even",
                "split 100.00 USD from dept to 2 of 3 cost center(s), proportional to Compute cost",
            ]
        )
        let moved = result.lines.filter { $0.step == 2 }
        #expect(moved.map(\.kind) == [.sharedOut, .sharedIn, .sharedIn])
        #expect(
            moved.allSatisfy {
                $0.meterCategory == "Bandwidth" && $0.subscriptionId == "hub" && $0.fromCostCenter == "dept"
            }
        )
        // The share's words end with the pool it is a share of.
        #expect(moved[1].basis == "Compute cost 30.00 of 90.00 USD (33.3%); pool 100.00 USD")
        // Σ direct is all four costs; each pool's 100.00 is received once and given once.
        #expect(
            result.shares.first.map { [$0.direct, $0.sharedReceived, $0.sharedGiven, $0.unallocated] } == [
                Amount(690), Amount(200), Amount(200), .zero,
            ]
        )
    }

    @Test(arguments: [("even", "t1:0.34,t2:0.33,t3:0.33"), ("keep", "hub:1.00"), ("error", "")])
    func proportionalPoolWithoutBasis(fallback: String, expected: String) throws {
        let config = try AllocationTest.config(
            """
            allocation:
              cost_centers: [{ id: hub }, { id: t1 }, { id: t2 }, { id: t3 }]
              rules:
                - { match: { subscription: hub }, to: hub }
              pools:
                - { name: p, from: hub, method: proportional, basis: network, if_no_basis: \(fallback), to: [t1, t2, t3] }
            """
        )
        let costs = [try AllocationTest.cost("1.00", subscription: "hub")]
        if fallback == "error" {
            // The message points at the setting that asked for the error (test.yaml line 6).
            #expect { try AllocationTest.allocate(costs, config) } throws: { error in
                "\(error)"
                    == "allocation pool 1 (p): no target has any Networking cost in USD to split 1 USD by (if_no_basis: error, at test.yaml:6)"
            }
            return
        }
        let result = try AllocationTest.allocate(costs, config)
        let totals = AllocationTest.totals(result)
        #expect(totals.map { "\($0.key):\($0.value)" }.sorted().joined(separator: ",") == expected)
    }

    /// Negative pieces (a refund) in a pool: each target still gets exactly its share and no part
    /// has the opposite sign of its piece.
    @Test func poolsSplitMixedSignPiecesExactly() throws {
        let config = try AllocationTest.config(
            """
            allocation:
              cost_centers: [{ id: hub }, { id: t1 }, { id: t2 }, { id: t3 }]
              rules:
                - { match: { subscription: hub }, to: hub }
              pools:
                - { name: p, from: hub, method: even, to: [t1, t2, t3] }
            """
        )
        let result = try AllocationTest.allocate(
            [
                try AllocationTest.cost("10.00", subscription: "hub", meter: "A"),
                try AllocationTest.cost("-2.00", subscription: "hub", meter: "B", charge: "Refund"),
                try AllocationTest.cost("0.01", subscription: "hub", meter: "C"),
            ],
            config
        )
        #expect(AllocationTest.totals(result) == ["t1": "2.67", "t2": "2.67", "t3": "2.67"])
        for line in result.lines where line.step == 1 && line.kind == .sharedIn {
            #expect((line.meterCategory == "B") == (line.amount.signum < 0))
        }
        let byMeter = Dictionary(grouping: result.lines.filter { $0.kind == .sharedIn }, by: \.meterCategory)
            .mapValues { $0.reduce(Amount.zero) { $0 + $1.amount } }
        #expect(byMeter == ["A": Amount(10), "B": Amount(-2), "C": Amount(minorUnits: 1, scale: 2)])
    }

    @Test func driverAndOffBillPools() throws {
        let folder = try Fixtures.temporaryFolder()
        try Data("cost_center,gb,period\nt1,12.5,2026-10\nt2,37.5,2026-10\nt1,999,2026-09\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/ingest.csv"))
        let yaml = """
            allocation:
              cost_centers: [{ id: it }, { id: t1 }, { id: t2 }]
              pools:
                - name: licences
                  amount: "1000.01 USD"
                  method: even
                  to: [it]
                - name: by-ingest
                  from: it
                  method: driver
                  driver: { file: ingest.csv, quantity_column: gb, period: 2026-10 }
            """
        let config = try AllocationTest.config(yaml, file: folder + "/reckon.yaml")
        let result = try AllocationTest.allocate([try AllocationTest.cost("0.99", subscription: "x")], config)
        // 1000.01 by 12.5:37.5 → 250.0025, 750.0075 → 250.00, 750.01.
        #expect(AllocationTest.totals(result) == ["t1": "250.00", "t2": "750.01", "unallocated": "0.99"])
        #expect(result.shares.first?.offBill == (try Amount.parse("1000.01")))
        #expect(result.shares.first?.total == (try Amount.parse("1001.00")))
        #expect(result.journal.isBalanced)
        let credits = result.journal.entries[0].lines.filter { !$0.credit.isZero }.map { "\($0.account) \($0.credit)" }
        #expect(credits == ["cloud-recovery 0.99", "cloud-recovery 1000.01"])
        #expect(!result.steps.contains { $0.outcome.contains("the driver's rows are of period") })
        // September's rows for October's cost: the split is made, and its outcome says so.
        let september = try AllocationTest.config(
            yaml.replacing("period: 2026-10", with: "period: 2026-09"),
            file: folder + "/reckon.yaml"
        )
        let stale = try AllocationTest.allocate([try AllocationTest.cost("0.99", subscription: "x")], september)
        let step = try #require(stale.steps.first { $0.pool == "by-ingest" })
        #expect(
            step.outcome.hasSuffix("; the driver's rows are of period 2026-09, and the month allocated is 2026-10"),
            "\(step.outcome)"
        )
        // A driver with no quantity for any target: the error names the driver file and the pool.
        try Data("cost_center,gb,period\nt1,0,2026-10\n".utf8).write(to: URL(fileURLWithPath: folder + "/ingest.csv"))
        let none = try AllocationTest.config(yaml, file: folder + "/reckon.yaml")
        #expect { try AllocationTest.allocate([try AllocationTest.cost("0.99", subscription: "x")], none) } throws: {
            error in
            "\(error)"
                .hasSuffix(
                    "every weight is zero, so 1000.01 USD cannot be split: no target has a quantity in \(folder)/ingest.csv (the pool is at \(folder)/reckon.yaml:8)"
                )
        }
    }

    /// When only actual cost is given, chargeback uses it and says so.
    @Test func onlyActualCostIsUsedAndStated() throws {
        let config = try AllocationTest.config(Self.tree + "\n  rules:\n    - { to: team-a }\n")
        let path = try AllocationTest.mcaFile(
            [["10/10/2026", "s", "s", "rg", "VM", "5", "", ""]],
            name: "mca-actual.csv"
        )
        let run = try AllocationRunner.run(
            plan: try InputDiscovery.costFiles(at: path, metric: nil),
            config: config,
            reject: { _ in }
        )
        #expect(run.result.costBasis.hasPrefix("actual cost (BilledCost): only actual cost was given"))
        #expect(AllocationCSV.chargeback(run.result).contains("actual cost (BilledCost): only actual cost was given"))
    }

    @Test func severalMonthsAreRefused() throws {
        let config = try AllocationTest.config(Self.tree + "\n  rules:\n    - { to: team-a }\n")
        var text = try String(
            contentsOfFile: try AllocationTest.mcaFile([["10/10/2026", "s", "s", "rg", "VM", "5", "", ""]]),
            encoding: .utf8
        )
        text += "G1,BP,IS,11/01/2026,11/01/2026,11/30/2026,s,s,rg,VM,Microsoft.Compute,1,USD,,,Usage\n"
        let folder = try Fixtures.temporaryFolder()
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/two-amortized.csv"))
        #expect(throws: AllocationError.self) {
            _ = try AllocationRunner.run(
                plan: try InputDiscovery.costFiles(at: folder + "/two-amortized.csv", metric: nil),
                config: config,
                reject: { _ in }
            )
        }
    }

    /// Unused reservation rows go to the purchasing cost center, by benefit or by default.
    @Test func unusedCommitmentGoesToThePurchaser() throws {
        let config = try AllocationTest.config(
            Self.tree + """

                  unused_commitment:
                    cost_center: team-a
                    benefits:
                      - { benefit: "*/reservationorders/b-*", cost_center: team-b }
                """
        )
        var first = try AllocationTest.cost("1.00", charge: "UnusedReservation")
        first.benefitId = "/providers/microsoft.capacity/reservationorders/b-123/reservations/r"
        let second = try AllocationTest.cost("2.00", charge: "UnusedSavingsPlan")
        let result = try AllocationTest.allocate([first, second], config)
        #expect(AllocationTest.totals(result) == ["team-a": "2.00", "team-b": "1.00"])
    }

    /// Three-way even split of an odd number of cents in a 0-digit and a 3-digit currency.
    @Test(arguments: [
        ("JPY", "100", ["t1": "34", "t2": "33", "t3": "33"]),
        ("KWD", "1.001", ["t1": "0.334", "t2": "0.334", "t3": "0.333"]),
    ]) func minorUnitsFollowTheCurrency(currency: String, amount: String, expected: [String: String]) throws {
        let config = try AllocationTest.config(
            """
            allocation:
              cost_centers: [{ id: hub }, { id: t1 }, { id: t2 }, { id: t3 }]
              rules:
                - { to: hub }
              pools:
                - { name: p, from: hub, method: even, to: [t1, t2, t3] }
            """
        )
        let result = try AllocationTest.allocate([try AllocationTest.cost(amount, currency)], config)
        #expect(AllocationTest.totals(result, currency) == expected)
        #expect(result.journal.entries.first?.lines.last?.credit == (try Amount.parse(amount)))
    }
}

@Suite struct AggregateLinesTests {
    static func line(_ resourceGroup: String, _ cents: Int) -> AllocationLine {
        AllocationTest.line(resourceGroup, "USD", cents, costCenter: "unallocated")
    }

    /// Two spellings of "é" (precomposed, and e + combining accent) are different bytes: they stay
    /// two lines, each summed over its own rows, in byte order, however the input is shuffled; a
    /// line that sums to zero is dropped.
    @Test func linesAreSummedByTheirBytes() {
        let composed = "rg-\u{E9}"
        let decomposed = "rg-e\u{301}"
        var generator = SplitMix(seed: 3)
        for _ in 0..<20 {
            var lines = [
                AggregateLinesTests.line(composed, 100), AggregateLinesTests.line(decomposed, 7),
                AggregateLinesTests.line(composed, 23), AggregateLinesTests.line("rg-f", 5),
                AggregateLinesTests.line("rg-f", -5), AggregateLinesTests.line(decomposed, 1),
            ]
            for index in lines.indices.reversed() { lines.swapAt(index, Int(generator.next() % UInt64(index + 1))) }
            Allocator.aggregate(&lines, tree: CostCenterTree(AllocationConfig()))
            #expect(lines.map { Array($0.resourceGroup.utf8) } == [Array(decomposed.utf8), Array(composed.utf8)])
            #expect(lines.map(\.amount.description) == ["0.08", "1.23"])
        }
    }
}

extension AllocatorTests {
    /// The FOCUS sample has 999 rows of billing period 2024-09 and one of 2024-10 (line 946,
    /// EffectiveCost 0; Python csv). Without a period the allocation stops and says which
    /// `--period` to give; with `billingMonth` 2024-09 that row is filtered with its reason and
    /// counted (1000 read = 999 used + 1 filtered), and the chargeback is September's
    /// Σ EffectiveCost 14.97651418586 → 14.98.
    @Test func aBillingMonthFiltersTheRowsOfOtherPeriods() throws {
        let folder = try Fixtures.temporaryFolder() + "/focus"
        try FileManager.default.createDirectory(atPath: folder + "/costdetails", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Fixtures.path("realdata/focus-sample-data/focus_sample.csv"),
            toPath: folder + "/costdetails/focus_sample.csv"
        )
        let plan = try MonthFolder.discover(root: folder).costPlan
        var config = AllocationConfig()
        #expect { _ = try AllocationRunner.run(plan: plan, config: config, reject: { _ in }) } throws: { error in
            "\(error)".contains("the rows span 2 billing periods (2024-09-01..2024-09-30, 2024-10-01..2024-10-31)")
                && "\(error)".contains("give --period with one of 2024-09, 2024-10")
        }
        config.billingMonth = Day(year: 2024, month: 9, day: 1)
        let run = try AllocationRunner.run(plan: plan, config: config, reject: { _ in })
        #expect(run.result.period.label == "2024-09")
        #expect(
            run.counts.read == 1000 && run.counts.used == 999
                && run.counts.filtered == [FilterReason.otherBillingPeriod: 1]
        )
        #expect(run.result.charges.reduce(Amount.zero) { $0 + $1.total }.description == "14.98")
        // The pack says so where it shows the allocation's notes (the index).
        #expect(
            run.result.diagnostics.contains {
                $0.message.hasPrefix(
                    "the chargeback is billing month 2024-09 (--period): 1 cost row(s) of other billing periods were left out of it"
                )
            }
        )
        config.billingMonth = Day(year: 2024, month: 11, day: 1)
        #expect { _ = try AllocationRunner.run(plan: plan, config: config, reject: { _ in }) } throws: { error in
            "\(error)".contains("no cost rows of billing month 2024-11 (--period) to allocate")
        }
    }
}

extension AllocatorTests {
    /// A proportional pool's words show the basis to the minor unit, rounded together so the
    /// parts add up to the total shown: 15.115 and 38.005 of 53.12 are 15.12 and 38.00 (each
    /// rounded alone, 15.12 + 38.01 = 53.13). A negative basis weighs nothing: its cost center
    /// gets no share.
    @Test func proportionalBasisWordsAddUp() throws {
        let config = try AllocationTest.config(
            """
            allocation:
              cost_centers: [{ id: it }, { id: t1 }, { id: t2 }, { id: t3 }]
              rules:
                - { match: { subscription: s1 }, to: t1 }
                - { match: { subscription: s2 }, to: t2 }
                - { match: { subscription: s3 }, to: t3 }
                - { match: { subscription: s0 }, to: it }
              pools:
                - { name: split, from: it, method: proportional, basis: total, to: [t1, t2, t3] }
            """
        )
        let result = try AllocationTest.allocate(
            [
                try AllocationTest.cost("15.115", subscription: "s1"),
                try AllocationTest.cost("38.005", subscription: "s2"),
                try AllocationTest.cost("-1.00", subscription: "s3"),
                try AllocationTest.cost("10.00", subscription: "s0"),
            ],
            config
        )
        let words = result.lines.filter { $0.kind == .sharedIn }.map { "\($0.costCenter): \($0.basis)" }
        #expect(
            words == [
                "t1: total cost 15.12 of 53.12 USD (28.5%); pool 10.00 USD",
                "t2: total cost 38.00 of 53.12 USD (71.5%); pool 10.00 USD",
            ],
            "\(words)"
        )
        #expect(!result.lines.contains { $0.costCenter == "t3" && $0.kind == .sharedIn })
    }

    /// A budget in a currency the month has no cost in is compared with nothing: a warning says
    /// so (a typo such as XYZ would otherwise show as 0 % used). A budget in the cost's currency
    /// gives no warning.
    @Test func aBudgetInACurrencyWithoutCostIsAWarning() throws {
        let config = try AllocationTest.config(
            "allocation:\n  cost_centers:\n    - { id: a, budget: { amount: 100, currency: XYZ } }\n    - { id: b, budget: \"50 USD\" }\n  rules:\n    - { name: all, match: { charge_type: Usage }, to: a }\n"
        )
        let result = try AllocationTest.allocate([try AllocationTest.cost("10.00")], config)
        let warnings = result.diagnostics.filter { $0.severity == .warning }.map(\.message)
        #expect(
            warnings == ["the budget of a is in XYZ, and the month has no cost in XYZ: nothing is compared with it"]
        )
    }

    /// A message's amounts: to the minor unit when that is exact, else the exact sum, never the
    /// sum rounded alone (a line of allocations.csv may carry a cent less after largest-remainder
    /// rounding, and a message saying 269.13 beside 269.12 charged misleads).
    @Test(arguments: [
        ("CAD", "0.015743", "0.015743 CAD"), ("GBP", "-0.004480257287839995", "-0.004480257287839995 GBP"),
        ("USD", "12.5", "12.50 USD"), ("JPY", "1234.4", "1234.4 JPY"),
        ("GBP", "269.12529611388916", "269.12529611388916 GBP"),
    ]) func messageAmountsShowTheExactSumWhenRoundingChangesIt(currency: String, amount: String, shown: String) throws {
        #expect(Allocator.amounts([CurrencyCode(currency): try Amount.parse(amount)]) == shown)
    }
}
