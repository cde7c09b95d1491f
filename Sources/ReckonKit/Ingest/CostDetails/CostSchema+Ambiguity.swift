extension CostSchema {
    /// The columns every cost row needs: a name repeated exactly for one of them makes the file
    /// unreadable, as which of the two holds the value cannot be told.
    static let neededColumns: [CostColumn] = [.cost, .billedCost, .effectiveCost, .billingCurrency, .date]

    /// The columns whose values make the totals (amounts, dates, the currency): two of their names
    /// in one header (`costInBillingCurrency` and `Cost`) are said in a note. Key columns are not:
    /// real exports carry two names of one of them (MCA `resourceLocation` and `location`,
    /// Microsoft FOCUS `BillingAccountId` and `x_BillingAccountId`, `RegionId` and `RegionName`).
    static let valueColumns: [CostColumn] = [
        .cost, .billedCost, .effectiveCost, .quantity, .effectivePrice, .billingCurrency, .date, .billingPeriodStart,
        .billingPeriodEnd,
    ]

    /// What the header leaves ambiguous, one sentence per column read: a name given twice (in any
    /// case), or a value column under two of its names. The first is read, as before.
    ///
    /// - Throws: ``IngestError`` when a column every row needs (``neededColumns``) has exactly the
    ///   same name twice.
    static func ambiguousColumns(headerNames: [String], fieldIndex: [Int], kind: DatasetKind, file: String)
        throws(IngestError) -> [String]
    {
        let trimmed = headerNames.map { $0.trimmingASCIIWhitespace() }
        let lowered = trimmed.map { $0.lowercased() }
        func shown(_ index: Int) -> String { "column \(index + 1) \(trimmed[index])" }
        var found: [String] = []
        for column in CostColumn.allCases {
            let used = fieldIndex[column.rawValue]
            guard used >= 0 else { continue }
            let sameName = lowered.indices.filter { $0 != used && lowered[$0] == lowered[used] }
            if let twin = sameName.first {
                if neededColumns.contains(column), let exact = sameName.first(where: { trimmed[$0] == trimmed[used] }) {
                    throw IngestError(
                        file: file,
                        line: 1,
                        problem:
                            "the header names \(trimmed[used]) twice (\(shown(used)) and \(shown(exact))): which of the two holds each row's value cannot be told; rename or remove one"
                    )
                }
                found.append(
                    "the header names \(column) twice (\(shown(used)) and \(shown(twin))): \(shown(used)) is read, \(shown(twin)) is not"
                )
                continue
            }
            guard valueColumns.contains(column), !(kind == .focus && column == .cost) else { continue }
            if let other = lowered.indices.first(where: { $0 != used && column.aliases.contains(lowered[$0]) }) {
                found.append(
                    "\(shown(used)) and \(shown(other)) both name \(column): \(shown(used)) is read, \(shown(other)) is not"
                )
            }
        }
        return found
    }
}

extension [FileReadResult] {
    /// Notes on headers that name a column twice or under two names (``CostSchema/ambiguousColumns``),
    /// one per finding, naming the files that share it (the partitions of one export share a header).
    func ambiguousColumnNotes() -> [String] {
        let files = filter { !$0.schema.ambiguousColumns.isEmpty }
        return files.flatMap { result in result.schema.ambiguousColumns.map { (result.file.displayName, $0) } }
            .groupedInOrder(by: \.1).map { finding, pairs in "\(pairs.map(\.0).shortList()): \(finding)" }
    }
}
