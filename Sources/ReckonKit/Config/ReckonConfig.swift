import Foundation

/// The whole `reckon.yaml`: one section per stage.
///
/// ```yaml
/// reconcile:      # tolerances, price checks, the invoice line key (ReconcileConfig)
/// allocation:     # cost centers, mapping rules, shared-cost pools, journal (AllocationConfig)
/// ```
///
/// Unknown top-level keys are errors, so a typo never silently changes a close. Every error names
/// the file, line, column and key path.
public struct ReckonConfig: Sendable {
    /// How invoices are compared with the cost data.
    public var reconcile: ReconcileConfig
    /// Who pays for what: the `allocation:` section, or `nil` when the file has none.
    public var allocation: AllocationConfig?
    /// The file it came from, or `nil` for the built-in defaults.
    public var file: String?

    /// The defaults: no file.
    public init(reconcile: ReconcileConfig = ReconcileConfig()) {
        self.reconcile = reconcile
        self.file = nil
    }

    /// The top-level sections.
    static let sections = ["reconcile", "allocation"]

    /// Reads `path`.
    /// - Throws: ``ConfigError`` naming the line for anything malformed or unknown.
    public static func load(path: String) throws(ConfigError) -> ReckonConfig {
        // A pipe is read (`--config <(…)`), but a regular file of more than a configuration holds
        // is not.
        if case .regular(let bytes) = FileKind.at(path), bytes > FileSystem.maximumWholeFileBytes {
            throw ConfigError(
                file: path,
                path: "",
                problem: "is \(bytes) bytes, more than a configuration holds; is it the right file?"
            )
        }
        guard
            let data = FileManager.default.contents(atPath: path) ?? (try? Data(contentsOf: URL(fileURLWithPath: path)))
        else {
            throw ConfigError(
                file: path,
                path: "",
                problem: FileManager.default.fileExists(atPath: path) ? "the file cannot be read" : "no such file"
            )
        }
        return try parse(String(decoding: data, as: UTF8.self), file: path)
    }

    /// Reads YAML text.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> ReckonConfig {
        let root = try ConfigNode.parse(text, file: file)
        try root.allowOnly(sections)
        var config = ReckonConfig()
        config.file = file
        if let section = root["reconcile"] { config.reconcile = try ReconcileConfig(section) }
        if let section = root["allocation"] { config.allocation = try AllocationConfig(section) }
        return config
    }
}

extension ReckonConfig {
    /// Applies `--subscription-map`: it replaces the allocation section's map, or, with no
    /// allocation section, becomes the whole (smallest possible) allocation configuration.
    ///
    /// The file joins ``AllocationConfig/inputs``; a map the section named stays listed (it was
    /// read), marked as replaced.
    ///
    /// - Throws: ``ConfigError`` for a malformed map or one naming unknown cost centers.
    public mutating func applySubscriptionMap(_ path: String?) throws {
        guard let path else { return }
        let entries = try ConfigTable.subscriptionMap(path: path)
        if var section = allocation {
            section.subscriptionMap = entries
            for index in section.inputs.indices where section.inputs[index].kind == .subscriptionMap {
                section.inputs[index].detail = "replaced by --subscription-map"
            }
            section.inputs.append(ConfigInput(path: path, kind: .subscriptionMap))
            try section.validate()
            allocation = section
        } else {
            allocation = AllocationConfig.subscriptionMapOnly(entries, file: path)
        }
    }
}
