/// The days a set of cost rows covers: the earliest and latest charge day and every billing period
/// seen. Every sink that reports or checks the month keeps one, so they agree on it.
public struct DateCoverage: Sendable {
    /// The earliest charge day.
    public private(set) var firstDay: Day?
    /// The latest charge day.
    public private(set) var lastDay: Day?
    /// Billing periods seen (start...end, inclusive; reversed periods are ignored).
    public private(set) var periods: Set<ClosedRange<Day>> = []
    /// The previous row's period: rows come in long runs of one period, so the set is rarely touched.
    private var lastPeriod: ClosedRange<Day>?

    /// Nothing covered.
    public init() {}

    /// Adds a row's charge day and billing period.
    @inline(__always) mutating func add(_ record: CostRecord) {
        if let day = record.date {
            if firstDay.map({ day < $0 }) ?? true { firstDay = day }
            if lastDay.map({ day > $0 }) ?? true { lastDay = day }
        }
        if let start = record.billingPeriodStart, let end = record.billingPeriodEnd, start <= end,
            start...end != lastPeriod
        {
            lastPeriod = start...end
            periods.insert(start...end)
        }
    }

    /// Adds what another part of the rows covered.
    mutating func merge(_ other: DateCoverage) {
        if let day = other.firstDay, firstDay.map({ day < $0 }) ?? true { firstDay = day }
        if let day = other.lastDay, lastDay.map({ day > $0 }) ?? true { lastDay = day }
        periods.formUnion(other.periods)
    }
}
