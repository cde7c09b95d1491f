/// The saved pages of one paged list, in page order.
///
/// Pages are saved side by side as `<name>.json` (page 1), `<name>.page2.json`, `<name>.page3.json`…,
/// for example `invoices.json` and `invoices.page2.json`, or `transactions/G123.json` and
/// `transactions/G123.page2.json`. `<name>.page1.json` is accepted as page 1 when there is no
/// `<name>.json`.
public struct BillingPageSeries: Hashable, Sendable {
    /// The path of the list without the page suffix and extension: `transactions/G123`.
    public let name: String
    /// The page files in order, page 1 first.
    public let paths: [String]

    /// Creates a series from its name and ordered paths.
    public init(name: String, paths: [String]) {
        self.name = name
        self.paths = paths
    }

    /// Groups page files into series, each ordered by page number; series are sorted by name.
    ///
    /// - Parameter paths: file paths in any order, each ending in `.json`.
    /// - Returns: one series per list.
    /// - Throws: ``BillingDocumentError`` for a file that is not `.json`, two files for the same page,
    ///   or a missing page (a gap in the numbering, or no first page).
    public static func group(_ paths: [String]) throws(BillingDocumentError) -> [BillingPageSeries] {
        var pagesByName: [String: [(page: Int, path: String)]] = [:]
        for path in paths {
            guard let (name, page) = parse(path) else {
                throw BillingDocumentError(
                    file: path,
                    jsonPath: "",
                    expected: "a page file named <name>.json or <name>.pageN.json",
                    found: "a file name without the .json extension"
                )
            }
            pagesByName[name, default: []].append((page, path))
        }
        var series: [BillingPageSeries] = []
        for name in pagesByName.keys.sorted() {
            let pages = (pagesByName[name] ?? []).sorted { ($0.page, $0.path) < ($1.page, $1.path) }
            for (position, entry) in pages.enumerated() {
                let wanted = position + 1
                if entry.page < wanted {
                    throw BillingDocumentError(
                        file: entry.path,
                        jsonPath: "",
                        expected: "one file for page \(entry.page) of \(name)",
                        found: "two: \(pages[position - 1].path) and \(entry.path)"
                    )
                }
                if entry.page > wanted {
                    let missing = wanted == 1 ? "\(name).json" : "\(name).page\(wanted).json"
                    throw BillingDocumentError(
                        file: missing,
                        jsonPath: "",
                        expected: "page \(wanted) of \(name) (\(missing)), because \(entry.path) is page \(entry.page)",
                        found: "no such file"
                    )
                }
            }
            series.append(BillingPageSeries(name: name, paths: pages.map(\.path)))
        }
        return series
    }

    /// The list name and page number of a page file's path; `nil` when it does not end in `.json`.
    static func parse(_ path: String) -> (name: String, page: Int)? {
        let lowered = path.lowercased()
        guard lowered.hasSuffix(".json") else { return nil }
        let stem = String(path.dropLast(5))
        // Look for a final ".pageN" in the stem.
        let parts = stem.split(separator: ".", omittingEmptySubsequences: false)
        if parts.count >= 2, let last = parts.last {
            let lower = last.lowercased()
            if lower.hasPrefix("page") {
                let digits = lower.dropFirst(4)
                if !digits.isEmpty, digits.first != "0", digits.allSatisfy({ $0 >= "0" && $0 <= "9" }),
                    let page = Int(digits)
                {
                    return (String(stem.dropLast(last.count + 1)), page)
                }
            }
        }
        return (stem, 1)
    }
}
