/// Why one row was rejected: the column (when one is at fault) and what was wrong.
public struct RowProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The header name of the column at fault, if one is.
    public var column: String?
    /// What was wrong and what was expected.
    public var reason: String

    public var description: String {
        column.map { "column \($0): \(reason)" } ?? reason
    }
}

/// Turns the fields of one CSV record into a ``CostRecord`` by the file's ``CostSchema``.
///
/// Key columns are interned; consecutive rows often repeat a value (the same subscription or
/// meter), so each column remembers its last bytes and id and skips the hash lookup on a repeat.
/// Numbers are parsed straight from the bytes. Any number or date that does not parse rejects the
/// row with the column name and the text found.
struct CostRowDecoder {
    let schema: CostSchema
    /// (column raw value, field index) for the key columns present.
    let keyFields: [(column: Int, field: Int)]
    /// Key columns compared case-insensitively in Azure (ids), stored lower-cased.
    let lowercased: Set<Int>
    var lastValue: [[UInt8]]
    var lastID: [UInt32]
    var lowerScratch: [UInt8] = []
    var lastDateBytes: [UInt8] = []
    var lastDate: Day?
    let metric: CostMetric?

    init(schema: CostSchema, metric: CostMetric?) {
        self.schema = schema
        self.metric = metric
        var fields: [(Int, Int)] = []
        for column in CostColumn.keyColumns {
            if let index = schema.index(of: column) { fields.append((column.rawValue, index)) }
        }
        keyFields = fields
        lowercased = [
            CostColumn.resourceId.rawValue, CostColumn.resourceGroup.rawValue, CostColumn.subscriptionId.rawValue,
            CostColumn.benefitId.rawValue,
        ]
        lastValue = [[UInt8]](repeating: [], count: CostColumn.keyCount)
        lastID = [UInt32](repeating: 0, count: CostColumn.keyCount)
    }

    /// Decodes the reader's current record into `record`.
    mutating func decode(_ reader: CSVReader, into record: inout CostRecord, pool: inout StringPool) throws(RowProblem) {
        for (column, field) in keyFields {
            record.keys[column] = reader.withField(field) { bytes in
                intern(column: column, bytes: bytes, pool: &pool)
            }
        }
        record.date = try day(.date, reader)
        record.billingPeriodStart = try day(.billingPeriodStart, reader)
        var end = try day(.billingPeriodEnd, reader)
        if schema.periodEndIsExclusive, let exclusive = end { end = exclusive.adding(days: -1) }
        record.billingPeriodEnd = end
        if record.date == nil {
            throw RowProblem(column: schema.headerName(of: .date), reason: "the charge date is empty; every cost row needs one")
        }
        switch schema.kind {
        case .focus:
            record.cost = nil
            record.billedCost = try amount(.billedCost, reader, required: true)
            record.effectiveCost = try amount(.effectiveCost, reader, required: true)
            // A column the file does not have stays nil; a column it has must hold a number.
        case .eaLegacy, .eaExport, .mca:
            let cost = try amount(.cost, reader, required: true)
            record.cost = cost
            record.billedCost = metric == .actual ? cost : nil
            record.effectiveCost = metric == .amortized ? cost : nil
        }
        record.quantity = try amount(.quantity, reader, required: false)
        record.effectivePrice = try amount(.effectivePrice, reader, required: false)
        record.unitPrice = try amount(.unitPrice, reader, required: false)
        record.paygPrice = try amount(.paygPrice, reader, required: false)
        if record.keys[CostColumn.billingCurrency.rawValue] == 0 && schema.index(of: .billingCurrency) != nil {
            throw RowProblem(column: schema.headerName(of: .billingCurrency), reason: "the billing currency is empty; every cost row needs one")
        }
    }

    @inline(__always)
    mutating func intern(column: Int, bytes: UnsafeRawBufferPointer, pool: inout StringPool) -> UInt32 {
        if bytes.isEmpty || CostRowDecoder.isNull(bytes) { return 0 }
        let last = lastValue[column]
        if last.count == bytes.count && last.withUnsafeBytes({ $0.elementsEqual(bytes) }) {
            return lastID[column]
        }
        let id: UInt32
        if lowercased.contains(column) {
            lowerScratch.removeAll(keepingCapacity: true)
            for byte in bytes { lowerScratch.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte) }
            id = lowerScratch.withUnsafeBytes { pool.intern($0) }
        } else {
            id = pool.intern(bytes)
        }
        lastValue[column].removeAll(keepingCapacity: true)
        lastValue[column].append(contentsOf: bytes)
        lastID[column] = id
        return id
    }

    static func trimSpaces(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end && bytes[start] == 0x20 { start += 1 }
        while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    @inline(__always)
    static func isNull(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count == 4 && (bytes[0] | 0x20) == 0x6E && (bytes[1] | 0x20) == 0x75 && (bytes[2] | 0x20) == 0x6C
            && (bytes[3] | 0x20) == 0x6C
    }

    mutating func day(_ column: CostColumn, _ reader: CSVReader) throws(RowProblem) -> Day? {
        guard let field = schema.index(of: column) else { return nil }
        let result: Result<Day?, RowProblem> = reader.withField(field) { bytes in
            if bytes.isEmpty || CostRowDecoder.isNull(bytes) { return .success(nil) }
            if column == .date, lastDateBytes.count == bytes.count, lastDateBytes.withUnsafeBytes({ $0.elementsEqual(bytes) }) {
                return .success(lastDate)
            }
            guard let day = Day.parse(bytes) else {
                let text = String(decoding: bytes.prefix(60), as: UTF8.self)
                return .failure(
                    RowProblem(
                        column: schema.headerName(of: column),
                        reason: "'\(text)' is not a date (expected M/d/yyyy, month first, or ISO yyyy-MM-dd with an optional time)"
                    )
                )
            }
            if column == .date {
                lastDateBytes.removeAll(keepingCapacity: true)
                lastDateBytes.append(contentsOf: bytes)
                lastDate = day
            }
            return .success(day)
        }
        return try result.get()
    }

    func amount(_ column: CostColumn, _ reader: CSVReader, required: Bool) throws(RowProblem) -> Amount? {
        guard let field = schema.index(of: column) else { return nil }
        let result: Result<Amount?, RowProblem> = reader.withField(field) { untrimmed in
            // Spaces around a number are harmless (a FOCUS example writes "0.00 "); anything else
            // that is not a plain decimal is an error.
            let bytes = CostRowDecoder.trimSpaces(untrimmed)
            if bytes.isEmpty || CostRowDecoder.isNull(bytes) {
                if required {
                    return .failure(RowProblem(column: schema.headerName(of: column), reason: "the value is empty; expected a number"))
                }
                return .success(nil)
            }
            do {
                return .success(try Amount.parse(bytes).amount)
            } catch {
                let text = String(decoding: bytes.prefix(60), as: UTF8.self)
                return .failure(RowProblem(column: schema.headerName(of: column), reason: "'\(text)' is not a number: \(error)"))
            }
        }
        return try result.get()
    }
}
