/// Earlier months' chargeback, read from the close packs kept beside the new one, for the
/// month-over-month chart on the statements.
///
/// A pack is a folder with `manifest.json` and `chargeback.csv`; its month is the `period` column
/// (`yyyy-MM`). Only months before the one being closed are used, at most ``limit`` of them, so a
/// rerun with the same sibling packs gives the same pages.
public struct PackHistory: Sendable {
    /// One earlier month.
    public struct Month: Sendable {
        /// `yyyy-MM`.
        public var period: String
        /// The pack's `chargeback.csv`, for the manifest.
        public var file: String
        /// Total per cost center and currency.
        public var totals: [String: [String: Amount]]
        /// Subtree total per cost center and currency (packs written before the column existed
        /// have none; their own totals stand in).
        public var subtreeTotals: [String: [String: Amount]] = [:]
    }

    /// The months, oldest first.
    public var months: [Month]
    /// The most months kept.
    public static let limit = 6

    /// No history.
    public init(months: [Month] = []) { self.months = months }

    /// Reads the packs in the folder that holds `output`, before `period` (`yyyy-MM`), of the same
    /// organisation: a pack counts only when its chargeback names one of `costCenters` (the
    /// caller leaves out the unallocated one, which every organisation has), so the close of
    /// another company or billing account kept in the same folder never shows on this one's
    /// statements.
    /// Unreadable or foreign folders are skipped: history is a convenience, never a failure.
    public static func load(besideOutput output: String, before period: String, costCenters: Set<String>) -> PackHistory
    {
        let parent = (output.hasSuffix("/") ? String(output.dropLast()) : output)
            .split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let folder = parent.isEmpty ? "." : parent
        let ownName = output.split(separator: "/").last.map(String.init) ?? output
        var months: [String: Month] = [:]
        // Only the sibling folders themselves are looked at: the parent may be a large folder
        // (a home directory, /tmp) that must not be walked.
        for sibling in FileSystem.subfolders(of: folder) where sibling != ownName && !sibling.hasPrefix(".") {
            let pack = folder + "/" + sibling
            guard FileSystem.exists(pack + "/manifest.json"), FileSystem.exists(pack + "/chargeback.csv") else {
                continue
            }
            guard let month = read(pack + "/chargeback.csv"), month.period < period, months[month.period] == nil,
                !costCenters.isDisjoint(with: month.totals.keys)
            else { continue }
            months[month.period] = month
        }
        return PackHistory(months: months.keys.sorted().suffix(limit).compactMap { months[$0] })
    }

    static func read(_ path: String) -> Month? {
        guard let bytes = try? FileSystem.read(path) else { return nil }
        let reader = CSVReader(source: MemoryByteSource(bytes))
        guard (try? reader.next()) == true else { return nil }
        let header = (0..<reader.fieldCount).map { reader.string($0) }
        guard let periodIndex = header.firstIndex(of: "period"), let centerIndex = header.firstIndex(of: "cost_center"),
            let currencyIndex = header.firstIndex(of: "currency"), let totalIndex = header.firstIndex(of: "total")
        else { return nil }
        let subtreeIndex = header.firstIndex(of: "subtree_total")
        var period: String?
        var totals: [String: [String: Amount]] = [:]
        var subtreeTotals: [String: [String: Amount]] = [:]
        while (try? reader.next()) == true {
            guard reader.fieldCount == header.count, let total = try? Amount.parse(reader.string(totalIndex)) else {
                continue
            }
            period = period ?? reader.string(periodIndex)
            totals[reader.string(centerIndex), default: [:]][reader.string(currencyIndex)] = total
            if let subtreeIndex, let subtree = try? Amount.parse(reader.string(subtreeIndex)) {
                subtreeTotals[reader.string(centerIndex), default: [:]][reader.string(currencyIndex)] = subtree
            }
        }
        guard let period else { return nil }
        return Month(period: period, file: path, totals: totals, subtreeTotals: subtreeTotals)
    }
}
