import Foundation
import Testing

@testable import ReckonKit

/// Builders shared by the allocation tests.
enum AllocationTest {
    /// The `allocation:` section of a YAML text.
    static func config(_ yaml: String, file: String = "test.yaml") throws -> AllocationConfig {
        let config = try ReckonConfig.parse(yaml, file: file)
        return try #require(config.allocation)
    }

    static let october = AllocationPeriod(
        start: Day(year: 2026, month: 10, day: 1) ?? Day(daysSinceEpoch: 0),
        end: Day(year: 2026, month: 10, day: 31) ?? Day(daysSinceEpoch: 0)
    )

    /// A direct allocated line of `cents` in `resourceGroup`, for the tests of what is built from
    /// lines (aggregates, statement tables).
    static func line(_ resourceGroup: String, _ currency: String, _ cents: Int, costCenter: String = "CC-1")
        -> AllocationLine
    {
        AllocationLine(
            step: 0,
            rule: "r",
            kind: .direct,
            costCenter: costCenter,
            fromCostCenter: "",
            sourceKey: "bill:-/-",
            subscriptionId: "s",
            subscriptionName: "",
            resourceGroup: resourceGroup,
            meterCategory: "",
            serviceCategory: "",
            chargeType: "Usage",
            currency: CurrencyCode(currency),
            amount: Amount(minorUnits: Int128(cents), scale: 2),
            basis: ""
        )
    }

    /// A day of October 2026.
    static func day(_ number: Int) -> Day { Day(year: 2026, month: 10, day: number) ?? Day(daysSinceEpoch: 0) }

    /// A source cost.
    static func cost(
        _ amount: String,
        _ currency: String = "USD",
        subscription: String = "",
        name: String = "",
        group: String = "",
        meter: String = "",
        category: String = "",
        charge: String = "Usage",
        tags: String = "",
        day: Int = 10,
        azureRule: String = "",
        publisher: String = ""
    ) throws -> SourceCost {
        var cost = SourceCost(
            currency: CurrencyCode(currency),
            amount: try Amount.parse(amount),
            rows: 1,
            day: AllocationTest.day(day)
        )
        cost.subscriptionId = subscription
        cost.subscriptionName = name
        cost.resourceGroup = group
        cost.meterCategory = meter
        cost.serviceCategory = category
        cost.chargeType = charge
        cost.tags = tags
        cost.azureAllocationRule = azureRule
        cost.publisherName = publisher
        cost.billingProfileId = "BP"
        cost.invoiceSectionId = "IS"
        return cost
    }

    /// Allocates costs for October 2026.
    static func allocate(
        _ costs: [SourceCost],
        _ config: AllocationConfig,
        azureRows: AzureAllocationRowsFound = AzureAllocationRowsFound()
    ) throws -> AllocationResult {
        try Allocator.allocate(CostRollup(period: october, costs: costs, azureRows: azureRows), config: config)
    }

    /// Each cost center's non-zero total in one currency, as text with the minor-unit digits.
    static func totals(_ result: AllocationResult, _ currency: String = "USD") -> [String: String] {
        var totals: [String: String] = [:]
        for charge in result.charges where charge.currency.code == currency && !charge.total.isZero {
            totals[charge.costCenter] = charge.total.fixed(charge.currency.minorUnitDigits)
        }
        return totals
    }

    /// Writes a small MCA amortized cost file and returns its path. Each row: date (MM/dd/yyyy),
    /// subscription id, subscription name, resource group, meter category, cost, tags (raw), rule name, charge type.
    static func mcaFile(_ rows: [[String]], name: String = "mca-amortized.csv", currency: String = "USD") throws
        -> String
    {
        var text =
            "invoiceId,billingProfileId,invoiceSectionId,date,billingPeriodStartDate,billingPeriodEndDate,SubscriptionId,subscriptionName,"
            + "resourceGroupName,meterCategory,consumedService,costInBillingCurrency,billingCurrency,tags,costAllocationRuleName,chargeType\n"
        for row in rows {
            let cells = [
                "G1", "BP", "IS", row[0], "10/01/2026", "10/31/2026", row[1], row[2], row[3], row[4],
                "Microsoft.Compute", row[5], currency, row[6], row[7], row.count > 8 ? row[8] : "Usage",
            ]
            text += cells.map(CSVText.quoted).joined(separator: ",") + "\n"
        }
        let folder = try Fixtures.temporaryFolder()
        let path = folder + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }
}
