/// A row that could not be used, with where it is and why.
public struct RejectedRow: Hashable, Sendable {
    /// The file, as named in the run.
    public var file: String
    /// The 1-based line where the row starts.
    public var line: Int
    /// The column at fault, if one is.
    public var column: String?
    /// What was wrong and what was expected.
    public var reason: String
    /// The row's raw text, cut to a readable length.
    public var raw: String

    /// Creates a rejected row.
    public init(file: String, line: Int, column: String?, reason: String, raw: String) {
        self.file = file
        self.line = line
        self.column = column
        self.reason = reason
        self.raw = raw
    }
}

/// Where every row read went: used, filtered for a stated reason, or rejected.
///
/// The invariant `read == used + filtered + rejected` is checked by ``check()`` at the end of every
/// pass; a mismatch is a bug in Reckon and stops the run.
public struct RowCounts: Hashable, Sendable, Codable {
    /// Rows read (data records; the header and blank lines are not rows).
    public var read = 0
    /// Rows that fed the results.
    public var used = 0
    /// Rows left out on purpose, by reason.
    public var filtered: [String: Int] = [:]
    /// Rows that could not be used, by reason category.
    public var rejected: [String: Int] = [:]
    /// Blank lines skipped (not rows).
    public var blankLines = 0

    /// Creates zero counts.
    public init() {}

    /// The total of filtered rows.
    public var filteredTotal: Int { filtered.values.reduce(0, +) }
    /// The total of rejected rows.
    public var rejectedTotal: Int { rejected.values.reduce(0, +) }

    /// Whether the counts add up.
    public var balances: Bool { read == used + filteredTotal + rejectedTotal }

    /// Adds another set of counts.
    public mutating func add(_ other: RowCounts) {
        read += other.read
        used += other.used
        blankLines += other.blankLines
        for (reason, count) in other.filtered { filtered[reason, default: 0] += count }
        for (reason, count) in other.rejected { rejected[reason, default: 0] += count }
    }
}

/// Standard reasons for filtered rows.
public enum FilterReason {
    /// Azure cost-allocation rows move cost between resources and never reach the invoice.
    public static let costAllocation = "Azure cost-allocation row (moves cost between resources; not on the invoice)"
    /// The allocation was asked for one billing month (`--period`) and the row is in another.
    public static let otherBillingPeriod = "row of another billing period than the one allocated (--period)"
    /// The header again, inside the file: the blobs of a Cost Details report joined into one file
    /// (each starts with its own header, and a byte-order mark), as Microsoft's documentation
    /// tells a downloader to do.
    public static let repeatedHeader = "the header row again (files joined into one, each with its own header)"
}
