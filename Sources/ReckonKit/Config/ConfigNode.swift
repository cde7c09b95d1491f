import Yams

/// A position in a YAML document: the node, its key path and the file, for reading values with
/// errors that name the line.
///
/// Every section of `reckon.yaml` is read through this one type, so every error says
/// `file:line:column: key.path: what was expected`.
public struct ConfigNode {
    /// The YAML node.
    public let node: Node
    /// The key path from the root, e.g. `reconcile.tolerances`.
    public let path: String
    /// The file, for messages.
    public let file: String

    /// Wraps `node`.
    public init(node: Node, path: String, file: String) {
        self.node = node
        self.path = path
        self.file = file
    }

    /// Parses YAML text. An empty document is an empty mapping.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> ConfigNode {
        do {
            let node = try Yams.compose(yaml: text) ?? Node.mapping(Node.Mapping([]))
            return ConfigNode(node: node, path: "", file: file)
        } catch let error as YamlError {
            // Where the YAML went wrong, as every other config error says it: line and column.
            switch error {
            case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
                let .composer(context, problem, mark, _):
                let within = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
                throw ConfigError(
                    file: file,
                    line: mark.line,
                    column: mark.column,
                    path: "",
                    problem: "not valid YAML: \(problem)\(within)"
                )
            case let .duplicatedKeysInMapping(duplicates, context):
                let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
                throw ConfigError(
                    file: file,
                    line: context.mark.line,
                    column: context.mark.column,
                    path: "",
                    problem:
                        "not valid YAML: \(keys) given twice in one mapping (the first time here); give each key once"
                )
            default: throw ConfigError(file: file, path: "", problem: "not valid YAML: \(error)")
            }
        } catch { throw ConfigError(file: file, path: "", problem: "not valid YAML: \(error)") }
    }

    /// The error at this node.
    public func error(_ problem: String) -> ConfigError {
        ConfigError(
            file: file,
            line: node.mark.map { $0.line },
            column: node.mark.map { $0.column },
            path: path,
            problem: problem
        )
    }

    /// The child at `key` of a mapping, or `nil`.
    public subscript(key: String) -> ConfigNode? {
        guard let mapping = node.mapping, let child = mapping[key] else { return nil }
        return ConfigNode(node: child, path: path.isEmpty ? key : path + "." + key, file: file)
    }

    /// The keys of a mapping, in document order.
    public var keys: [String] { node.mapping?.keys.compactMap(\.string) ?? [] }

    /// The entries of a mapping, in document order.
    public func entries() throws(ConfigError) -> [(key: String, value: ConfigNode)] {
        guard let mapping = node.mapping else { throw error("expected a mapping of keys to values") }
        return mapping.compactMap { pair in
            guard let key = pair.key.string else { return nil }
            return (key, ConfigNode(node: pair.value, path: path.isEmpty ? key : path + "." + key, file: file))
        }
    }

    /// The elements of a sequence.
    public func elements() throws(ConfigError) -> [ConfigNode] {
        guard let sequence = node.sequence else { throw error("expected a list") }
        return sequence.enumerated().map { ConfigNode(node: $1, path: "\(path)[\($0)]", file: file) }
    }

    /// Fails on keys that are not in `known`, so a typo is an error rather than ignored.
    public func allowOnly(_ known: [String]) throws(ConfigError) {
        for (key, value) in try entries() where !known.contains(key) {
            throw value.error("unknown key '\(key)'; expected one of: \(known.joined(separator: ", "))")
        }
    }

    /// The scalar text.
    public func string() throws(ConfigError) -> String {
        guard let scalar = node.scalar else { throw error("expected a text value") }
        return scalar.string
    }

    /// An exact decimal (`0.01`, `5`, `1e-3`); never read through a float.
    public func amount() throws(ConfigError) -> Amount {
        let text = try string()
        do { return try Amount.parse(text.trimmingASCIIWhitespace()) } catch {
            throw self.error("'\(text)' is not a number: \(error)")
        }
    }

    /// A whole number.
    public func integer() throws(ConfigError) -> Int {
        let text = try string()
        guard let value = Int(text.trimmingASCIIWhitespace()) else { throw error("'\(text)' is not a whole number") }
        return value
    }

    /// `true` or `false`.
    public func bool() throws(ConfigError) -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false")
        }
    }

    /// A day, `yyyy-MM-dd`.
    public func day() throws(ConfigError) -> Day {
        let text = try string()
        let bytes = Array(text.utf8)
        let shape = bytes.count == 10 && bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-")
        guard shape, let day = Day.parse(text) else { throw error("'\(text)' is not a date; expected yyyy-MM-dd") }
        return day
    }
}
