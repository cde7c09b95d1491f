/// One cost row, normalized: key columns as interned ids, money and quantities as exact
/// ``Amount``s, dates as ``Day``s.
///
/// Only columns some stage uses are decoded: a price or a cost in another currency that no
/// reconciliation or allocation reads (`UnitPrice`, `PayGPrice`, `costInUsd`) is skipped unread,
/// so its text never rejects a row.
///
/// A record is a view that the reader refills for every row, so sinks must copy what they keep
/// (ids and amounts are plain values; strings come from the ``StringPool`` once per distinct id).
public struct CostRecord: Sendable {
    /// Interned ids by ``CostColumn`` raw value for the key columns; 0 when empty or absent.
    public var keys: [UInt32]
    /// The charge day (`date`, or FOCUS `ChargePeriodStart`).
    public var date: Day?
    /// The first day of the billing period.
    public var billingPeriodStart: Day?
    /// The last day of the billing period, **inclusive** (FOCUS's exclusive end is moved back a day).
    public var billingPeriodEnd: Day?
    /// The single cost of an EA or MCA row (`costInBillingCurrency`, `Cost`), whichever metric.
    public var cost: Amount?
    /// Actual (billed) cost: FOCUS `BilledCost`, or `cost` from a file of actual cost.
    public var billedCost: Amount?
    /// Amortized (effective) cost: FOCUS `EffectiveCost`, or `cost` from a file of amortized cost.
    public var effectiveCost: Amount?
    /// The quantity, in blocks of the unit of measure (`0.0004` of `10K` is 4 operations).
    public var quantity: Amount?
    /// The effective price per block of the unit of measure.
    public var effectivePrice: Amount?
    /// The index of the file in the pass's file list.
    public var fileIndex: Int
    /// The family of the file the row came from. A row without an invoice id is on an EA billing
    /// period in EA data, and not invoiced yet in MCA or FOCUS data, so the rollups key on it.
    public var dataset: DatasetKind = .mca
    /// The 1-based line of the row in its file (within its byte range when read in parallel; a
    /// sink that keeps lines gets the shift when ranges are merged).
    public var line: Int

    /// An empty record.
    public init() {
        keys = [UInt32](repeating: 0, count: CostColumn.keyCount)
        fileIndex = 0
        line = 0
    }

    /// The interned id of a key column's value (0 when empty).
    @inline(__always) public subscript(_ column: CostColumn) -> UInt32 { keys[column.rawValue] }

    /// Whether the row is an Azure cost-allocation row (it has a `costAllocationRuleName`).
    public var isCostAllocation: Bool { keys[CostColumn.costAllocationRuleName.rawValue] != 0 }
}
