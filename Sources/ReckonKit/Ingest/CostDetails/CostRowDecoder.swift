#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why one row was rejected: the column (when one is at fault) and what was wrong.
public struct RowProblem: Error, Hashable, Sendable, CustomStringConvertible {
    /// The header name of the column at fault, if one is.
    public var column: String?
    /// What was wrong and what was expected.
    public var reason: String

    /// The problem as one line: the column, then the reason.
    public var description: String { column.map { "column \($0): \(reason)" } ?? reason }
}

/// Turns the fields of one CSV record into a ``CostRecord`` by the file's ``CostSchema``.
///
/// Key columns are interned, in file order. Runs of adjacent key fields that repeat together (a
/// meter's id, name and category) are looked up as one value once the first rows have shown
/// which runs do (``KeySegments``). A field looked up alone remembers its last id, since
/// consecutive rows often repeat a value, and compares the field with that value's pooled bytes
/// before any hash lookup. (Escaped values, tags above all, are unescaped first: eight bytes at a
/// time, that costs about what comparing their raw text did, so there is one check, not two.)
/// The rest are hashed and their slots prefetched before any is looked up
/// (``lookUpKeys(_:into:pool:)``), so that their cache misses overlap.
/// Numbers are parsed straight from the bytes. Any number or date that does not parse rejects the
/// row with the column name and the text found.
struct CostRowDecoder {
    let schema: CostSchema
    /// The key columns present (column raw value, field index), in file order.
    let keyFields: [KeyField]
    /// The runs of key fields looked up as one value; none until ``KeySegments/sampleRows`` rows
    /// have been sampled.
    var segments: KeySegments
    /// The key ids of the rows sampled so far (row by row, in `keyFields` order), while sampling.
    var sample: [UInt32] = []
    /// Whether runs of key fields are looked up as one value at all.
    let usesSegments: Bool
    /// Whether rows are still being sampled to choose the segments.
    var sampling: Bool
    /// Whether this decoder chose the segments from its own sample (rather than adopting them).
    var chose = false
    /// Key columns compared case-insensitively in Azure (ids), stored lower-cased.
    let lowercased: ColumnFlags
    var lastID: [UInt32]
    /// The row's lookups that ``lookUpKeys(_:into:pool:)`` left for its second pass.
    var pending: [PendingLookup] = []
    /// The lower-cased bytes of the row's pending lookups (never resized while any is pending).
    let rowScratch = RowScratch()
    /// Whether any key column is stored lower-cased (a row then needs ``rowScratch``).
    var anyLowercased = false
    /// The last text and value of each date column (dates repeat from row to row), by column
    /// offset from ``CostColumn/date``.
    var dateCache: [(bytes: [UInt8], day: Day?)] = Array(repeating: ([], nil), count: 3)
    let metric: CostMetric?
    /// Numbers read with non-zero digits beyond the 18th decimal place, rounded there
    /// (``Amount/Parsed/inexact``): counted so a run can say so, never dropped silently.
    var roundedValues = 0
    /// The current row's, added to ``roundedValues`` once the row is decoded.
    var roundedInRow = 0

    /// Creates a decoder of the key columns `keyColumns` (and every date and number). With
    /// `segments` false every key field is looked up alone (tests compare both ways).
    init(
        schema: CostSchema,
        metric: CostMetric?,
        keyColumns: [CostColumn] = CostColumn.keyColumns,
        segments: Bool = true
    ) {
        self.schema = schema
        self.metric = metric
        let wanted = ColumnFlags(keyColumns)
        var fields: [KeyField] = []
        for column in CostColumn.keyColumns where wanted.contains(column.rawValue) {
            if let index = schema.index(of: column) { fields.append(KeyField(column: column.rawValue, field: index)) }
        }
        keyFields = fields.sorted { $0.field < $1.field }
        self.segments = KeySegments(keyFields: keyFields, sample: [], rows: 0)
        usesSegments = segments && keyFields.count >= 2
        sampling = usesSegments
        lowercased = ColumnFlags([.resourceId, .resourceGroup, .subscriptionId, .benefitId])
        lastID = [UInt32](repeating: 0, count: CostColumn.keyCount)
        pending.reserveCapacity(keyFields.count)
        anyLowercased = keyFields.contains { lowercased.contains($0.column) }
    }

    /// Decodes the reader's current record into `record`.
    mutating func decode(_ reader: CSVReader, into record: inout CostRecord, pool: inout StringPool) throws(RowProblem)
    {
        let fields = reader.record
        roundedInRow = 0
        record.keys.withUnsafeMutableBufferPointer { keys in
            lookUpKeys(fields, into: keys, pool: &pool)
            if sampling { takeSample(keys) }
        }
        record.date = try day(.date, fields)
        record.billingPeriodStart = try day(.billingPeriodStart, fields)
        var end = try day(.billingPeriodEnd, fields)
        if schema.periodEndIsExclusive, let exclusive = end { end = exclusive.adding(days: -1) }
        record.billingPeriodEnd = end
        if record.date == nil {
            throw RowProblem(
                column: schema.headerName(of: .date),
                reason: "the charge date is empty; every cost row needs one"
            )
        }
        switch schema.kind {
        case .focus:
            record.cost = nil
            record.billedCost = try amount(.billedCost, fields, required: true)
            record.effectiveCost = try amount(.effectiveCost, fields, required: true)
        // A column the file does not have stays nil; a column it has must hold a number.
        case .eaLegacy, .eaExport, .mca:
            let cost = try amount(.cost, fields, required: true)
            record.cost = cost
            record.billedCost = metric == .actual ? cost : nil
            record.effectiveCost = metric == .amortized ? cost : nil
        }
        record.quantity = try amount(.quantity, fields, required: false)
        record.effectivePrice = try amount(.effectivePrice, fields, required: false)
        if record.keys[CostColumn.billingCurrency.rawValue] == 0 && schema.index(of: .billingCurrency) != nil {
            throw RowProblem(
                column: schema.headerName(of: .billingCurrency),
                reason: "the billing currency is empty; every cost row needs one"
            )
        }
        // Counted only for a row that is used or filtered: a rejected row's numbers are not held.
        roundedValues += roundedInRow
    }

    /// The segments chosen from this decoder's sample, once it is taken.
    var learned: KeySegments? { usesSegments && !sampling ? segments : nil }

    /// Starts with segments an earlier decoder of the same file learned (their tables hold ids of
    /// the same pool), instead of sampling; segments chosen for other key fields are ignored.
    mutating func adopt(_ learned: KeySegments) {
        guard usesSegments, learned.keyFields == keyFields else { return }
        segments = learned
        sampling = false
        sample = []
    }

    /// Adds the row's key ids to the sample; after ``KeySegments/sampleRows`` rows, chooses the
    /// segments from it.
    mutating func takeSample(_ keys: UnsafeMutableBufferPointer<UInt32>) {
        for key in keyFields { sample.append(keys[key.column]) }
        let rows = sample.count / keyFields.count
        if rows == KeySegments.sampleRows {
            segments = KeySegments(keyFields: keyFields, sample: sample, rows: rows)
            sample = []
            sampling = false
            chose = true
        }
    }

    /// The runs chosen, by header name (`[meterId meterName meterCategory] tags …`), for the log.
    var runDescription: String {
        var parts: [String] = []
        var k = 0
        while k < keyFields.count {
            let segment = segments.starts[k]
            let upper = segment >= 0 ? segments.segments[segment].upper : k + 1
            let names = (k..<upper).map { schema.headerNames[keyFields[$0].field] }
            parts.append(segment >= 0 ? "[" + names.joined(separator: " ") + "]" : names[0])
            k = upper
        }
        return parts.joined(separator: " ")
    }

    /// Copies `source` to `target` with ASCII capitals lower-cased (other bytes, UTF-8 ones
    /// included, unchanged), a 64-bit word at a time: per byte, bit 7 of `b + 0x3F` says
    /// `b >= 'A'` and of `b + 0x25` says `b > 'Z'` (on the low 7 bits, so no carry crosses bytes).
    static func lowerASCII(_ source: UnsafeRawBufferPointer, into target: UnsafeMutableRawPointer) {
        guard let base = source.baseAddress else { return }
        let count = source.count
        var index = 0
        while index + 8 <= count {
            let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let low7 = word & 0x7F7F_7F7F_7F7F_7F7F
            let atLeastA = low7 &+ 0x3F3F_3F3F_3F3F_3F3F
            let pastZ = low7 &+ 0x2525_2525_2525_2525
            let capitals = atLeastA & ~pastZ & ~word & 0x8080_8080_8080_8080
            target.storeBytes(of: word | (capitals >> 2), toByteOffset: index, as: UInt64.self)
            index += 8
        }
        while index < count {
            let byte = source[index]
            target.storeBytes(
                of: byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte,
                toByteOffset: index,
                as: UInt8.self
            )
            index += 1
        }
    }

    static func trimSpaces(_ bytes: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var start = 0
        var end = bytes.count
        while start < end && bytes[start] == 0x20 { start += 1 }
        while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        return UnsafeRawBufferPointer(rebasing: bytes[start..<end])
    }

    /// Whether two byte runs are equal (``StringPool/same(_:_:count:)``; the generic
    /// `elementsEqual` compares a byte at a time through iterators).
    @inline(__always) static func same(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let left = a.baseAddress, let right = b.baseAddress else { return a.count == 0 }
        return StringPool.same(left, right, count: a.count)
    }

    @inline(__always) static func isNull(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count == 4 && (bytes[0] | 0x20) == 0x6E && (bytes[1] | 0x20) == 0x75 && (bytes[2] | 0x20) == 0x6C
            && (bytes[3] | 0x20) == 0x6C
    }

    mutating func day(_ column: CostColumn, _ fields: CSVRecord) throws(RowProblem) -> Day? {
        guard let field = schema.index(of: column) else { return nil }
        let bytes = fields.field(field)
        if bytes.isEmpty || CostRowDecoder.isNull(bytes) { return nil }
        let slot = column.rawValue - CostColumn.date.rawValue
        if dateCache[slot].bytes.count == bytes.count,
            dateCache[slot].bytes.withUnsafeBytes({ CostRowDecoder.same($0, bytes) })
        {
            return dateCache[slot].day
        }
        guard let day = Day.parse(bytes) else {
            let text = String(decoding: bytes.prefix(60), as: UTF8.self)
            throw RowProblem(
                column: schema.headerName(of: column),
                reason:
                    "'\(text)' is not a date (expected M/d/yyyy, month first, or ISO yyyy-MM-dd with an optional time)"
            )
        }
        dateCache[slot] = (Array(bytes), day)
        return day
    }

    mutating func amount(_ column: CostColumn, _ fields: CSVRecord, required: Bool) throws(RowProblem) -> Amount? {
        guard let field = schema.index(of: column) else { return nil }
        // Spaces around a number are harmless (a FOCUS example writes "0.00 "); anything else
        // that is not a plain decimal is an error.
        let bytes = CostRowDecoder.trimSpaces(fields.field(field))
        if bytes.isEmpty || CostRowDecoder.isNull(bytes) {
            if required {
                throw RowProblem(
                    column: schema.headerName(of: column),
                    reason: "the value is \(bytes.isEmpty ? "empty" : "NULL"); expected a number"
                )
            }
            return nil
        }
        do {
            let parsed = try Amount.parse(bytes)
            if parsed.inexact { roundedInRow += 1 }
            return parsed.amount
        } catch {
            let text = String(decoding: bytes.prefix(60), as: UTF8.self)
            throw RowProblem(column: schema.headerName(of: column), reason: "'\(text)' is not a number: \(error)")
        }
    }
}

/// A set of key columns as a bit mask, for a branch-cheap test on the hot path.
struct ColumnFlags {
    let bits: UInt64

    init(_ columns: [CostColumn]) { bits = columns.reduce(0) { $0 | (1 << UInt64($1.rawValue)) } }

    @inline(__always) func contains(_ column: Int) -> Bool { bits & (1 << UInt64(column)) != 0 }
}
