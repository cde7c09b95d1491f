/// Feeds every row to two sinks, so two stages that read the same files share one pass.
///
/// The reader counts rows by what `first` says (used, or filtered with its reason); what `second`
/// filtered is tallied here, and ``counts(forSecond:)`` gives the same file's counts as a pass of
/// `second` alone would have.
public struct PairSink<First: MergeableSink, Second: MergeableSink>: MergeableSink {
    /// The sink whose verdict the reader counts.
    public var first: First
    /// The other sink.
    public var second: Second
    /// Rows `second` filtered, by reason.
    public private(set) var secondFiltered: [String: Int] = [:]

    /// Pairs two empty sinks.
    public init(first: First, second: Second) {
        self.first = first
        self.second = second
    }

    /// Both sinks' key columns, each once.
    public var keyColumns: [CostColumn] {
        var seen = Set<CostColumn>()
        return (first.keyColumns + second.keyColumns).filter { seen.insert($0).inserted }
    }

    /// Adds the row to both sinks; returns the first one's filter reason, or nil when it is used.
    public mutating func add(_ record: CostRecord, pool: StringPool) -> String? {
        if let reason = second.add(record, pool: pool) { secondFiltered[reason, default: 0] += 1 }
        return first.add(record, pool: pool)
    }

    /// Merges another range's pair into this one, sink by sink.
    public mutating func merge(_ other: PairSink, remap: IDRemap, lineShift: Int) {
        first.merge(other.first, remap: remap, lineShift: lineShift)
        second.merge(other.second, remap: remap, lineShift: lineShift)
        for (reason, count) in other.secondFiltered { secondFiltered[reason, default: 0] += count }
    }

    /// A file's counts as `second` sees them: the same rows read and rejected, its own filters.
    public func counts(forSecond counts: RowCounts) -> RowCounts {
        var result = counts
        result.filtered = secondFiltered
        result.used = counts.read - counts.rejectedTotal - result.filteredTotal
        return result
    }
}
