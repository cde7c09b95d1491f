extension Sequence {
    /// The elements grouped by `key`, the groups in the order their first element comes, each
    /// group's elements in sequence order: deterministic, unlike a `Dictionary`'s order.
    func groupedInOrder<Key: Hashable>(by key: (Element) -> Key) -> [(key: Key, elements: [Element])] {
        var groups: [(key: Key, elements: [Element])] = []
        var index: [Key: Int] = [:]
        for element in self {
            let value = key(element)
            if let at = index[value] {
                groups[at].elements.append(element)
            } else {
                index[value] = groups.count
                groups.append((value, [element]))
            }
        }
        return groups
    }
}
