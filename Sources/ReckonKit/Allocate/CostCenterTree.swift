/// A cost center as allocated: its place in the tree and what the journal needs.
public struct CostCenterNode: Hashable, Sendable {
    /// The id.
    public var id: String
    /// The readable name.
    public var name: String
    /// The owner.
    public var owner: String
    /// The expense account (its own, else the nearest ancestor's, else the default).
    public var glAccount: String
    /// The ids from the top down to this node, joined by `/`.
    public var path: String
    /// The parent's id, or `nil` at the top.
    public var parent: String?
    /// 0 at the top.
    public var depth: Int
    /// Monthly budgets.
    public var budgets: [Money]
    /// Whether this is the unallocated cost center.
    public var isUnallocated: Bool
}

/// The cost-center tree of a configuration, with lookups by id or alias and a stable order.
///
/// Nodes are kept sorted by path, so every tie (a cent handed out by largest remainder, an output
/// row) is broken the same way in every run.
public struct CostCenterTree: Sendable {
    /// The nodes, sorted by path.
    public let nodes: [CostCenterNode]
    /// Normalized id or alias → index in `nodes`.
    let lookup: [String: Int]
    /// Index of the unallocated node.
    public let unallocated: Int
    /// The parent of each node (index), or `nil` at the top.
    public let parents: [Int?]
    /// The children of each node, in path order.
    let childIndices: [[Int]]

    /// Builds the tree; the unallocated cost center is added at the top when the configuration
    /// does not place it.
    public init(_ config: AllocationConfig) {
        var specs = config.costCenters
        let unallocatedKey = CostCenterSpec.normalized(config.unallocated)
        if !specs.contains(where: { CostCenterSpec.normalized($0.id) == unallocatedKey }) {
            specs.append(CostCenterSpec(id: config.unallocated, name: "Unallocated"))
        }
        var byID: [String: CostCenterSpec] = [:]
        for spec in specs { byID[CostCenterSpec.normalized(spec.id)] = spec }
        func chain(_ spec: CostCenterSpec) -> [CostCenterSpec] {
            var result = [spec]
            var current = spec
            while let parent = current.parent, let next = byID[CostCenterSpec.normalized(parent)],
                result.count <= specs.count
            {
                result.append(next)
                current = next
            }
            return result.reversed()
        }
        var nodes: [CostCenterNode] = []
        for spec in specs {
            let ancestry = chain(spec)
            let account = ancestry.reversed().compactMap(\.glAccount).first ?? config.defaultGLAccount
            nodes.append(
                CostCenterNode(
                    id: spec.id,
                    name: spec.name,
                    owner: spec.owner,
                    glAccount: account,
                    path: ancestry.map(\.id).joined(separator: "/"),
                    parent: ancestry.count > 1 ? ancestry[ancestry.count - 2].id : nil,
                    depth: ancestry.count - 1,
                    budgets: spec.budgets,
                    isUnallocated: CostCenterSpec.normalized(spec.id) == unallocatedKey
                )
            )
        }
        nodes.sort { ByteOrder.precedes($0.path, $1.path) }
        var lookup: [String: Int] = [:]
        for (index, node) in nodes.enumerated() { lookup[CostCenterSpec.normalized(node.id)] = index }
        for spec in specs {
            guard let index = lookup[CostCenterSpec.normalized(spec.id)] else { continue }
            for alias in spec.aliases { lookup[CostCenterSpec.normalized(alias)] = index }
        }
        self.nodes = nodes
        self.lookup = lookup
        self.unallocated = lookup[unallocatedKey] ?? 0
        let parents = nodes.map { node in node.parent.flatMap { lookup[CostCenterSpec.normalized($0)] } }
        var children = [[Int]](repeating: [], count: nodes.count)
        for (index, parent) in parents.enumerated() { if let parent { children[parent].append(index) } }
        self.parents = parents
        self.childIndices = children
    }

    /// The index of the node an id or alias names (trimmed, case-insensitive).
    public func index(of name: String) -> Int? { lookup[CostCenterSpec.normalized(name)] }

    /// The indices of a node's children, in path order.
    public func children(of index: Int) -> [Int] { childIndices[index] }

    /// The indices of the leaves at or below a node, in path order.
    public func leaves(under index: Int) -> [Int] {
        var leaves: [Int] = []
        var stack = [index]
        while let next = stack.popLast() {
            let children = childIndices[next]
            if children.isEmpty { leaves.append(next) } else { stack += children }
        }
        return leaves.sorted()
    }

    /// Whether `index` is `ancestor` or below it.
    public func isWithin(_ index: Int, _ ancestor: Int) -> Bool {
        index == ancestor || nodes[index].path.hasPrefix(nodes[ancestor].path + "/")
    }
}
