extension Array where Element == String {
    /// The first `limit` names, joined by commas, and how many more there are: `a, b, c and 2
    /// more`. Messages name a few files or values, never a thousand.
    func shortList(_ limit: Int = 3) -> String {
        prefix(limit).joined(separator: ", ") + (count > limit ? " and \(count - limit) more" : "")
    }
}
