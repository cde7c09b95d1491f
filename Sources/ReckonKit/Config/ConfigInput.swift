/// A file a configuration names and a run reads besides the configuration itself (a subscription
/// map, a driver table), so the close can record its digest in `manifest.json`.
///
/// Only files whose content the run reads are listed, each once per mention: a driver file two
/// pools name is listed twice, once per pool.
public struct ConfigInput: Hashable, Sendable {
    /// What the file is for.
    public enum Kind: String, Hashable, Sendable {
        /// `subscription_map:` or `--subscription-map`.
        case subscriptionMap = "subscription map"
        /// `management_groups: { file: }`.
        case managementGroups = "management groups"
        /// `tag_inheritance: { file: }`.
        case inheritedTags = "inherited tags"
        /// A pool's `driver:`.
        case poolDriver = "pool driver"
        /// `journal: { template: <file>.mustache }`.
        case journalTemplate = "journal template"
    }

    /// The path as read: relative to the working folder or absolute (a name in the configuration
    /// is resolved against the configuration's folder first).
    public var path: String
    /// What the file is for.
    public var kind: Kind
    /// Which one, when a kind can occur more than once (the pool's name), or why it no longer
    /// counts (a map replaced by `--subscription-map`).
    public var detail: String?

    /// Creates a reference.
    public init(path: String, kind: Kind, detail: String? = nil) {
        self.path = path
        self.kind = kind
        self.detail = detail
    }

    /// The role written in the manifest: `subscription map`, `pool driver (support-by-tickets)`.
    public var role: String { detail.map { "\(kind.rawValue) (\($0))" } ?? kind.rawValue }
}
