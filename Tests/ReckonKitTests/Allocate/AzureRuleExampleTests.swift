import Foundation
import Testing

@testable import ReckonKit

/// The two real Azure cost-allocation rule examples (Cost Management REST API 2025-03-01) are
/// expressed in `fixtures/allocation/azure-rules-example.yaml`: its pools carry exactly the
/// examples' targets and percentages, and allocating with it gives the hand-computed split.
@Suite struct AzureRuleExampleTests {
    static let configPath = Fixtures.path("allocation/azure-rules-example.yaml")

    /// The request's target names and percentages, read from the example file.
    static func targets(_ file: String) throws -> (sources: [String], targets: [(String, Amount)]) {
        let data = try Data(
            contentsOf: URL(
                fileURLWithPath: Fixtures.path("realdata/azure-rest-api-specs/costmanagement-2025-03-01/\(file)")
            )
        )
        let body = try JSONValue.parse(String(decoding: data, as: UTF8.self))
        let details = try #require(body["parameters"]?["costAllocationRule"]?["properties"]?["details"])
        let source = try #require(details["sourceResources"]?[0])
        let sources = (source["values"]?.arrayValue ?? []).compactMap(\.stringValue)
        let target = try #require(details["targetResources"]?[0])
        #expect(target["policyType"]?.stringValue == "FixedProportion")
        let values = try (target["values"]?.arrayValue ?? [])
            .map { value -> (String, Amount) in
                (
                    try #require(value["name"]?.stringValue),
                    try Amount.parse(try #require(value["percentage"]?.numberText))
                )
            }
        return (sources, values)
    }

    @Test(arguments: [
        ("CostAllocationRuleCreate.json", "testRule", "testRule-sources"),
        ("CostAllocationRuleCreateTag.json", "testRule-tag", "testRule-tag-sources"),
    ]) func theConfigurationCarriesTheExampleRule(file: String, pool name: String, source: String) throws {
        let config = try #require(try ReckonConfig.load(path: Self.configPath).allocation)
        let example = try Self.targets(file)
        let pool = try #require(config.pools.first { $0.name == name })
        guard case .percent(let shares, let remainder) = pool.method, case .costCenter(let from, _) = pool.source else {
            Issue.record("expected a percent pool from a cost center")
            return
        }
        #expect(from == source)
        #expect(pool.replacesAzureRule == "testRule")
        #expect(shares.map(\.costCenter) == example.targets.map(\.0))
        #expect(shares.map(\.percent) == example.targets.map(\.1))
        let total = example.targets.reduce(Amount.zero) { $0 + $1.1 }
        if file == "CostAllocationRuleCreate.json" {
            // 45 + 54 = 99: the configuration must say where the other 1 % goes.
            #expect(total == Amount(99))
            #expect(remainder == "source")
            #expect(example.sources == ["sampleRG", "secondRG"])
        } else {
            #expect(total == Amount(100))
            #expect(remainder == nil)
            #expect(example.sources == ["devops"])
        }
    }

    /// sampleRG 100.00 + secondRG 50.01 = 150.01 → 45 % 67.5045, 54 % 81.0054, the other 1 % 1.5001
    /// → floors 67.50, 81.00, 1.50 (15000 cents), the cent left to the largest remainder (.54):
    /// destinationRG 67.50, destinationRG2 81.01, 1.50 stays with the sources.
    /// devops 10.00 → 33.33 %, 33.33 %, 33.34 % → 3.333, 3.333, 3.334 → the cent to destinationRG3.
    @Test func allocatingWithTheExampleRules() throws {
        let config = try #require(try ReckonConfig.load(path: Self.configPath).allocation)
        let result = try AllocationTest.allocate(
            [
                try AllocationTest.cost("100.00", subscription: "s", group: "sampleRG"),
                try AllocationTest.cost("50.01", subscription: "s", group: "SECONDRG"),
                try AllocationTest.cost("10.00", subscription: "s", group: "build", tags: #""category": "devops""#),
                try AllocationTest.cost("1.00", subscription: "s", group: "destinationRG"),
            ],
            config
        )
        #expect(
            AllocationTest.totals(result) == [
                "destinationRG": "71.83", "destinationRG2": "84.34", "destinationRG3": "3.34",
                "testRule-sources": "1.50",
            ]
        )
        // The 1 % the sources keep is a line against what they gave, never received from themselves.
        let kept = result.lines.filter {
            $0.basis.hasPrefix("kept by the source: 1% fixed (remainder: the percentages total 99); pool ")
        }
        #expect(kept.allSatisfy { $0.costCenter == "testRule-sources" && $0.kind == .sharedOut })
        #expect(kept.reduce(Amount.zero) { $0 + $1.amount }.description == "1.5")
        #expect(!result.lines.contains { $0.kind == .sharedIn && $0.costCenter == $0.fromCostCenter })
        #expect(result.journal.isBalanced)
    }

    /// On data where Azure already applied testRule (its rows kept), the pools standing for it are
    /// skipped: the split happens once.
    @Test func respectedAzureRowsSkipThePools() throws {
        var config = try #require(try ReckonConfig.load(path: Self.configPath).allocation)
        config.azureAllocationRows = .respect
        let result = try AllocationTest.allocate(
            [try AllocationTest.cost("100.00", subscription: "s", group: "sampleRG")],
            config,
            azureRows: AzureAllocationRowsFound(
                rows: 3,
                rules: ["testRule"],
                net: [CurrencyCode("USD"): .zero],
                stripped: false
            )
        )
        #expect(AllocationTest.totals(result) == ["testRule-sources": "100.00"])
        #expect(result.steps.count == 2)
        #expect(
            result.steps.allSatisfy { $0.outcome.hasPrefix("skipped: the data keeps the rows of Azure rule testRule") }
        )
    }
}
