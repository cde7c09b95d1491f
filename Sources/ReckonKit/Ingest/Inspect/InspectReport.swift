/// Totals of one currency in one file or run.
public struct CurrencyTotals: Hashable, Sendable, Codable {
    /// The ISO 4217 code.
    public var currency: String
    /// Rows used in this currency.
    public var rows: Int
    /// Σ actual cost, when the data has it.
    public var billedCost: Amount?
    /// Σ amortized cost, when the data has it.
    public var effectiveCost: Amount?
    /// Σ cost of the filtered Azure cost-allocation rows (their net; usually zero).
    public var costAllocationNet: Amount?

    /// Adds another entry's rows and costs (a cost either side lacks stays the other's).
    mutating func add(_ other: CurrencyTotals) {
        func sum(_ a: Amount?, _ b: Amount?) -> Amount? {
            guard let a else { return b }
            return b.map { a + $0 } ?? a
        }
        rows += other.rows
        billedCost = sum(billedCost, other.billedCost)
        effectiveCost = sum(effectiveCost, other.effectiveCost)
        costAllocationNet = sum(costAllocationNet, other.costAllocationNet)
    }

    /// `entries` with one entry per currency code, in code order: a file that writes both `usd`
    /// and `USD` has one USD total, not two in an order that changes from run to run.
    static func merged(_ entries: [CurrencyTotals]) -> [CurrencyTotals] {
        var byCode: [String: CurrencyTotals] = [:]
        for entry in entries {
            byCode[entry.currency, default: CurrencyTotals(currency: entry.currency, rows: 0)].add(entry)
        }
        return byCode.values.sorted { $0.currency < $1.currency }
    }
}

/// Rows per charge type.
public struct ChargeTypeCount: Hashable, Sendable, Codable {
    /// The charge type as written (`Usage`, `Purchase`, FOCUS `ChargeCategory` values…).
    public var chargeType: String
    /// Rows with it.
    public var rows: Int
}

/// What `reckon inspect` found in one cost file.
public struct FileInspection: Sendable, Codable {
    /// The file.
    public var file: String
    /// The dataset family.
    public var kind: DatasetKind
    /// The detected version.
    public var version: String
    /// The number of columns in the header.
    public var columns: Int
    /// Whether it was gzip-compressed.
    public var compressed: Bool
    /// Bytes read from disk.
    public var bytes: Int
    /// Actual, amortized or both.
    public var metric: CostMetric
    /// How the metric was decided.
    public var metricSource: MetricSource
    /// The earliest charge day.
    public var firstDay: String?
    /// The latest charge day.
    public var lastDay: String?
    /// Billing periods seen, inclusive, as `start..end`.
    public var billingPeriods: [String]
    /// Where the rows went.
    public var counts: RowCounts
    /// Totals per currency.
    public var totals: [CurrencyTotals]
    /// Distinct invoice ids.
    public var distinctInvoices: Int
    /// Distinct subscriptions.
    public var distinctSubscriptions: Int
    /// Distinct resource groups.
    public var distinctResourceGroups: Int
    /// Distinct meters.
    public var distinctMeters: Int
    /// Provider names (FOCUS).
    public var providers: [String]
    /// What the tags look like.
    public var tags: TagSummary
    /// Rows per charge type.
    public var chargeTypes: [ChargeTypeCount]
}

/// What `reckon inspect` found in all its inputs.
public struct InspectReport: Sendable, Codable {
    /// The path the user gave.
    public var input: String
    /// One entry per cost file read, in reading order.
    public var files: [FileInspection]
    /// One entry per billing document (invoices, transactions, price sheets …).
    public var documents: [DocumentInspection]
    /// Notes about inputs that were skipped or chosen (superseded export runs, duplicates).
    public var notes: [String]
    /// Rows over all files.
    public var counts: RowCounts
    /// Totals per currency over all files.
    public var totals: [CurrencyTotals]
    /// The first rejected rows (all of them are in the rejects file).
    public var sampleRejects: [RejectedRowSummary]
}

/// A rejected row as shown in a report.
public struct RejectedRowSummary: Hashable, Sendable, Codable {
    /// The file.
    public var file: String
    /// The line.
    public var line: Int
    /// The column at fault.
    public var column: String?
    /// Why.
    public var reason: String
}

extension Amount: Codable {
    /// Decodes from a JSON string (exact) or number text.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do { self = try Amount.parse(text) } catch {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not a number: \(error)"
            )
        }
    }

    /// Encodes as a JSON string with the exact value, so no reader rounds it through a float.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
