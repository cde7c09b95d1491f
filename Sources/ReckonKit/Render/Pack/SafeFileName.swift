/// File names made from untrusted text (cost-center names come from config and tags).
///
/// The result has only ASCII letters, digits, `-` and `_` before the suffix; has no path
/// separators, `..` or control characters; is at most 80 characters; is never a name Windows
/// keeps for a device (`con`, `prn`, `aux`, `nul`, `com0`–`com9`, `lpt0`–`lpt9`, in any case and
/// with any extension: a pack unzipped there could not hold `con.html`); and is unique among the
/// names already handed out, ignoring case (a numeric suffix breaks ties, in the order names are
/// asked for, so callers ask in a sorted order to stay deterministic).
public struct SafeFileName {
    var taken: Set<String> = []

    /// An empty name set.
    public init() {}

    /// A safe, unique file name for `text` with `suffix` (e.g. `.html`).
    public mutating func make(_ text: String, suffix: String) -> String {
        var base = ""
        var lastDash = false
        for scalar in text.unicodeScalars {
            let allowed =
                scalar.isASCII
                && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                    || scalar == "_")
            if allowed {
                base.unicodeScalars.append(scalar)
                lastDash = false
            } else if !lastDash && !base.isEmpty {
                base += "-"
                lastDash = true
            }
        }
        while base.hasSuffix("-") { base.removeLast() }
        if base.count > 80 { base = String(base.prefix(80)) }
        if base.isEmpty { base = "unnamed" }
        if SafeFileName.windowsDevices.contains(base.lowercased()) { base += "-file" }
        var candidate = base + suffix
        var counter = 2
        while taken.contains(candidate.lowercased()) {
            candidate = "\(base)-\(counter)\(suffix)"
            counter += 1
        }
        taken.insert(candidate.lowercased())
        return candidate
    }

    /// The names Windows keeps for devices, lower-cased.
    static let windowsDevices: Set<String> = Set(
        ["con", "prn", "aux", "nul"] + (0...9).flatMap { ["com\($0)", "lpt\($0)"] }
    )
}
