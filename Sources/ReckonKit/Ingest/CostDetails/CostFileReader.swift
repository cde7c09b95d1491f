import Logging

/// A cost-details file to read, with what is known about it before reading.
public struct CostInputFile: Hashable, Sendable {
    /// The path to open.
    public var path: String
    /// The name used in messages and outputs (relative to the input folder where there is one).
    public var displayName: String
    /// The metric, when known before reading (manifest, option, file name).
    public var metric: CostMetric?
    /// How the metric was decided.
    public var metricSource: MetricSource?
    /// The rows the export's manifest promises, if it does.
    public var expectedRows: Int?

    /// Whether it is a saved usage-details page (`.json`, discovery admitted it by its content):
    /// converted to rows in memory (``UsageDetailsJSON``), with the API's fields, not an export's
    /// columns.
    var isUsageDetailsPage: Bool { path.lowercased().hasSuffix(".json") }

    /// Creates an input file.
    public init(
        path: String,
        displayName: String? = nil,
        metric: CostMetric? = nil,
        metricSource: MetricSource? = nil,
        expectedRows: Int? = nil
    ) {
        self.path = path
        self.displayName = displayName ?? path
        self.metric = metric
        self.metricSource = metricSource
        self.expectedRows = expectedRows
    }
}

/// A consumer of cost rows: a rollup, a summary, a detail writer.
public protocol CostRowSink {
    /// The key columns this sink reads; the others are not interned (they stay 0), which keeps
    /// the hot path to the work the run needs. Numbers and dates are always parsed and checked,
    /// so every command rejects the same rows.
    var keyColumns: [CostColumn] { get }

    /// Takes one valid row. Returns `nil` when the row was used, or the reason it was filtered out.
    mutating func add(_ record: CostRecord, pool: StringPool) -> String?
}

/// What reading one file found.
public struct FileReadResult: Sendable {
    /// The file.
    public var file: CostInputFile
    /// The detected schema.
    public var schema: CostSchema
    /// Where the rows went.
    public var counts: RowCounts
    /// The metric after reading: as given, or inferred from the rows.
    public var metric: CostMetric
    /// How the metric was decided.
    public var metricSource: MetricSource
    /// Bytes read from disk (compressed size for gzip).
    public var bytes: Int
    /// Whether the file was gzip-compressed.
    public var compressed: Bool
    /// The file's SHA-256, when ``IngestOptions/digests`` asked for it.
    public var digest: FileDigest? = nil
    /// Σ of the decoded rows' first cost column (`cost`, or `BilledCost` in FOCUS), all currencies
    /// together: not money, but a fingerprint of the rows that no byte-level change (line ends,
    /// quoting, row order) alters, so a file saved again under another name is found
    /// (``possibleCopies``).
    public var costChecksum = Amount.zero
    /// Numbers with non-zero digits beyond the 18th decimal place, which ``Amount`` holds rounded
    /// half-to-even there (real exports write up to 28 decimals, mostly zeros): each changed by
    /// less than 5 × 10⁻¹⁹.
    public var roundedValues = 0

    /// `sum` and `amount` added for ``costChecksum``: wrapping, not trapping, so cost values
    /// near the limit in several currencies (which each currency's own sums hold) never stop a
    /// run; a fingerprint needs no more than to be the same for the same rows in any order.
    static func checksum(_ sum: Amount, _ amount: Amount) -> Amount { Amount(units: sum.units &+ amount.units) }
}

extension [FileReadResult] {
    /// A note naming the files whose metric nothing stated (no manifest, option, FOCUS columns,
    /// name or telling rows), so were taken as actual cost: what a stage that uses the metric
    /// decided on. (inspect says it per file, and allocation in its cost-basis line.)
    func assumedMetricNote() -> String? {
        let assumed = filter { $0.metricSource == .assumed }
        guard !assumed.isEmpty else { return nil }
        return "\(assumed.map(\.file.displayName).shortList()): read as actual cost, as nothing says otherwise "
            + "(no export manifest, no word in the name, no amortized-only rows); pass --metric amortized if it is amortized cost"
    }

    /// What the files' reading says beside their rows, for a stage's notes: values of `pool`
    /// (the pass's) that are not UTF-8, columns named twice, missing columns, likely copies,
    /// numbers rounded at the 18th decimal place.
    func readingNotes(pool: StringPool) -> [String] {
        (pool.notUTF8Note.map { [$0] } ?? []) + ambiguousColumnNotes() + missingColumnNotes() + possibleCopies()
            + roundedValueNotes()
    }

    /// Notes on export files whose header lacks a column every export of its kind has
    /// (``CostSchema/missingExpectedColumns``), one per set of missing columns.
    func missingColumnNotes() -> [String] {
        let exports = filter { !$0.file.isUsageDetailsPage && !$0.schema.missingExpectedColumns.isEmpty }
        return exports.groupedInOrder(by: \.schema.missingExpectedColumns)
            .map { missing, files in
                let shown = files.map(\.file.displayName).shortList()
                let columns = missing.map(\.description).joined(separator: ", ")
                return
                    "\(shown): the header has no \(columns) column (every export of this kind has \(missing.count == 1 ? "it" : "them"); renamed or cut?), so \(missing.count == 1 ? "that field is" : "those fields are") empty on every row"
            }
    }

    /// A note on the numbers held rounded at the 18th decimal place, when any were.
    func roundedValueNotes() -> [String] {
        let rounded = filter { $0.roundedValues > 0 }
        guard !rounded.isEmpty else { return [] }
        let count = rounded.reduce(0) { $0 + $1.roundedValues }
        let names = rounded.map(\.file.displayName).shortList()
        return [
            "\(count) number(s) in \(names) had non-zero digits beyond the 18th decimal place; they are held rounded half-to-even there (each changed by less than 5 × 10⁻¹⁹, far below a cent)"
        ]
    }

    /// Notes on files that look like copies of one another: the same metric, the same number of
    /// rows and the same ``FileReadResult/costChecksum``, other than zero.
    /// Byte-identical copies are skipped before reading (``InputDiscovery``); these differ in their
    /// bytes (a partition saved again with other line ends, or re-quoted), and every row of one is
    /// counted a second time.
    func possibleCopies() -> [String] {
        // Files of zero cost are left out: small files of free usage (or of rows all rejected)
        // share a row count and a zero total without being copies.
        let priced = filter { !$0.costChecksum.isZero }
        return priced.groupedInOrder(by: { "\($0.metric.rawValue) \($0.counts.read) \($0.costChecksum)" })
            .compactMap { _, files in
                guard files.count > 1 else { return nil }
                return
                    "\(files.map(\.file.displayName).joined(separator: " and ")) hold the same \(files[0].counts.read) row(s) with the same total cost (\(files[0].costChecksum)): "
                    + "if one is a copy of the other (saved again under another name), every cost in it is counted \(files.count) times; remove the copies and run again"
            }
    }

    /// Puts a pass's digests (by path) on the files.
    mutating func attach(_ digests: [String: FileDigest]) {
        for index in indices { self[index].digest = digests[self[index].file.path] }
    }
}

/// Options for reading cost files.
public struct IngestOptions: Sendable {
    /// Stop at the first rejected row with an error, instead of rejecting it and going on.
    public var strict = false
    /// Rows between progress callbacks.
    public var progressInterval = 65_536
    /// Where the library says what it reads and decides (at `.info` and `.debug`). Quiet (at
    /// `.warning`) unless the caller lowers it, as `--verbose` does.
    public var logger: Logger

    /// A logger at `.warning`: what the library reads and decides is said only when asked.
    public static var quietLogger: Logger {
        var logger = Logger(label: "reckon.ingest")
        logger.logLevel = .warning
        return logger
    }
    /// Threads for reading; `nil` uses every core.
    public var threads: Int?
    /// Compute each cost file's SHA-256 in the same parallel pass that reads it (the close pack's
    /// evidence), while its bytes are in the page cache, instead of reading every file again.
    public var digests = false
    /// Files (paths) whose digest an earlier pass already computed; not hashed again.
    public var digested: Set<String> = []

    /// Creates default options.
    public init(strict: Bool = false, threads: Int? = nil, logger: Logger = IngestOptions.quietLogger) {
        self.strict = strict
        self.threads = threads
        self.logger = logger
    }
}

/// Reads cost-details files (CSV, plain or gzip, or a usage-details page converted to CSV,
/// ``UsageDetailsJSON``) row by row into a ``CostRowSink``.
///
/// Memory stays flat: one read buffer, the string pool of distinct values, and whatever the sink
/// keeps per key. Every record is counted as used, filtered (the sink says why) or rejected (this
/// reader says why, with file, line and column), and a file whose counts do not add up stops the run.
public struct CostFileReader {
    /// The pool of distinct strings shared by every file in this pass.
    public var pool = StringPool()
    /// The key segments the last file's rows taught (``KeySegments``), with their tables of ids in
    /// `pool`: a later byte range of the same file starts with them instead of sampling again.
    var learned: (fileIndex: Int, segments: KeySegments)?
    let options: IngestOptions
    let ids: KnownCharges

    /// Creates a reader.
    public init(options: IngestOptions = IngestOptions()) {
        self.options = options
        var pool = StringPool()
        self.ids = KnownCharges(interningInto: &pool)
        self.pool = pool
    }

    /// Reads `file` into `sink`.
    ///
    /// - Parameters:
    ///   - file: the cost file to read.
    ///   - fileIndex: the index stored in each record's `fileIndex`.
    ///   - sink: receives every row that is decoded.
    ///   - reject: called with each rejected row (write it to the rejects file).
    ///   - progress: called now and then with the bytes consumed from this file.
    /// - Returns: the file's schema, row counts and metric.
    /// - Throws: ``IngestError`` when the file cannot be read at all (missing, not a cost header), and
    ///   in strict mode at the first rejected row; errors thrown by `reject`.
    public mutating func read<Sink: CostRowSink>(
        _ file: CostInputFile,
        fileIndex: Int,
        into sink: inout Sink,
        reject: (RejectedRow) throws -> Void,
        progress: ((Int) -> Void)? = nil
    ) throws -> FileReadResult {
        let header = try CostFileReader.readHeader(file)
        options.logger.info(
            "reading \(file.displayName): \(header.schema.kind.rawValue) \(header.schema.version), \(header.schema.headerNames.count) columns\(header.compressed ? ", gzip" : "")"
        )
        let chunk = try readRows(
            header.reader,
            schema: header.schema,
            file: file,
            fileIndex: fileIndex,
            into: &sink,
            reject: reject,
            progress: progress
        )
        let (metric, metricSource) = CostFileReader.metric(of: file, schema: header.schema, evidence: chunk.evidence)
        return FileReadResult(
            file: file,
            schema: header.schema,
            counts: chunk.counts,
            metric: metric,
            metricSource: metricSource,
            bytes: header.reader.bytesConsumed,
            compressed: header.compressed,
            costChecksum: chunk.costChecksum,
            roundedValues: chunk.roundedValues
        )
    }

    /// A file opened and its header read.
    struct Header {
        let reader: CSVReader
        let info: HeaderInfo
        var schema: CostSchema { info.schema }
        var compressed: Bool { info.compressed }
    }

    /// What a file's header says, and where its data starts.
    struct HeaderInfo: Sendable {
        let schema: CostSchema
        let compressed: Bool
        /// Read as one range from its start: a gzip stream, or a usage-details page converted in
        /// memory (``UsageDetailsJSON``).
        var wholeFile = false
        /// The file offset of the first data row (plain files only).
        let dataOffset: Int
        /// The line of the first data row.
        let firstDataLine: Int
    }

    /// Opens `file`, reads its header and detects the schema.
    static func readHeader(_ file: CostInputFile) throws -> Header {
        let compressed = try CostFileReader.isGzip(path: file.path)
        let json = !compressed && file.isUsageDetailsPage
        let source: any ByteSource
        if compressed {
            source = try GzipByteSource(path: file.path)
        } else if json {
            source = MemoryByteSource(try UsageDetailsJSON.csv(at: file.path, file: file.displayName))
        } else {
            source = try FileByteSource(path: file.path)
        }
        let reader = CSVReader(source: source)
        let headerNames: [String]
        do {
            guard try reader.next() else {
                throw IngestError(
                    file: file.displayName,
                    problem: "the file is empty: expected a header row of cost-details column names"
                )
            }
            headerNames = (0..<reader.fieldCount).map { reader.string($0) }
        } catch let error as CSVSyntaxError {
            throw IngestError(
                file: file.displayName,
                line: reader.line,
                problem: "the header row cannot be read: \(error)"
            )
        }
        let schema = try CostSchema.detect(headerNames: headerNames, file: file.displayName)
        return Header(
            reader: reader,
            info: HeaderInfo(
                schema: schema,
                compressed: compressed,
                wholeFile: compressed || json,
                dataOffset: reader.offset,
                firstDataLine: reader.linesRead + 1
            )
        )
    }

    /// What reading a run of rows found.
    struct RowsResult: Sendable {
        var counts = RowCounts()
        var evidence = MetricEvidence()
        /// Σ of the decoded rows' first cost column (``FileReadResult/costChecksum``).
        var costChecksum = Amount.zero
        /// Numbers rounded at the 18th decimal place (``FileReadResult/roundedValues``).
        var roundedValues = 0
    }

    /// Reads rows from `reader` (positioned after the header, or at a range start) to its end or
    /// stop offset, into `sink`.
    mutating func readRows<Sink: CostRowSink>(
        _ reader: CSVReader,
        schema: CostSchema,
        file: CostInputFile,
        fileIndex: Int,
        into sink: inout Sink,
        reject: (RejectedRow) throws -> Void,
        progress: ((Int) -> Void)? = nil
    ) throws -> RowsResult {
        var result = RowsResult()
        // The columns the metric inference needs are always read.
        let wanted = sink.keyColumns + [.chargeType, .pricingModel, .billingCurrency, .costAllocationRuleName]
        var decoder = CostRowDecoder(
            schema: schema,
            metric: schema.kind == .focus ? .both : file.metric,
            keyColumns: wanted
        )
        // Taken, not copied: a table still referenced here would be copied whole at its first
        // new text.
        if let taken = learned.take(), taken.fileIndex == fileIndex { decoder.adopt(taken.segments) }
        defer {
            if let segments = decoder.learned { learned = (fileIndex, segments) }
            // For whoever tunes the decoding (`--verbose`): which key fields are looked up as runs.
            if decoder.chose {
                options.logger.info("\(file.displayName): key fields, runs in brackets: \(decoder.runDescription)")
            }
        }
        var record = CostRecord()
        record.fileIndex = fileIndex
        record.dataset = schema.kind
        let fieldCount = schema.headerNames.count
        let strict = options.strict

        func rejectRow(line: Int, column: String?, category: String, reason: String, raw: String) throws {
            result.counts.read += 1
            result.counts.rejected[category, default: 0] += 1
            if strict {
                throw IngestError(
                    file: file.displayName,
                    line: line,
                    column: column,
                    problem: reason + " (stopped by --strict)"
                )
            }
            try reject(RejectedRow(file: file.displayName, line: line, column: column, reason: reason, raw: raw))
        }

        var sinceProgress = 0
        while true {
            let more: Bool
            do { more = try reader.next() } catch let error as CSVSyntaxError {
                // A stray byte after a closing quote is in one field: name its column.
                var column: String?
                if case .textAfterClosingQuote(let field, _) = error, field >= 1, field <= schema.headerNames.count {
                    column = schema.headerNames[field - 1]
                }
                try rejectRow(
                    line: reader.line,
                    column: column,
                    category: "CSV syntax",
                    reason: error.description,
                    raw: reader.rawRecord()
                )
                continue
            } catch let error as IngestError {
                // The source failed mid-file (truncated or corrupt gzip, read error): how many rows
                // are lost is unknown, so the counts could not add up, and a close on the rows
                // before the damage would look complete. The file is an error, not a rejected row.
                throw IngestError(
                    file: file.displayName,
                    line: reader.linesRead + 1,
                    problem: error.problem
                        + "; the file cannot be trusted from here or before (\(reader.linesRead) line(s) were read up to this point): nothing of it is used; get the file again"
                )
            }
            if !more { break }
            if reader.isBlankLine {
                result.counts.blankLines += 1
                continue
            }
            if reader.fieldCount != fieldCount {
                try rejectRow(
                    line: reader.line,
                    column: nil,
                    category: "wrong number of fields",
                    reason: reader.wrongFieldCount(expected: fieldCount),
                    raw: reader.rawRecord()
                )
                continue
            }
            record.line = reader.line
            do { try decoder.decode(reader, into: &record, pool: &pool) } catch {
                // Checked only for a row that does not decode (a header never does: its date
                // column holds "date"), so valid rows pay nothing for it.
                if CostFileReader.repeatsHeader(reader.record, schema.headerNames) {
                    result.counts.read += 1
                    result.counts.filtered[FilterReason.repeatedHeader, default: 0] += 1
                    continue
                }
                try rejectRow(
                    line: reader.line,
                    column: error.column,
                    category: "invalid value",
                    reason: error.reason,
                    raw: reader.rawRecord()
                )
                continue
            }
            result.counts.read += 1
            result.costChecksum = FileReadResult.checksum(
                result.costChecksum,
                record.cost ?? record.billedCost ?? .zero
            )
            if schema.kind != .focus { result.evidence.observe(record, ids: ids) }
            if let reason = sink.add(record, pool: pool) {
                result.counts.filtered[reason, default: 0] += 1
            } else {
                result.counts.used += 1
            }
            sinceProgress += 1
            if sinceProgress >= options.progressInterval, let progress {
                sinceProgress = 0
                progress(reader.bytesConsumed)
            }
        }
        progress?(reader.bytesConsumed)
        result.roundedValues = decoder.roundedValues
        guard result.counts.balances else {
            preconditionFailure("row accounting does not add up for \(file.displayName): \(result.counts)")
        }
        return result
    }

    /// Whether `fields` are the header's names again (a joined file's next header): field by field,
    /// ignoring ASCII case and the byte-order mark that starts each joined file.
    static func repeatsHeader(_ fields: CSVRecord, _ headerNames: [String]) -> Bool {
        guard fields.count == headerNames.count else { return false }
        for index in headerNames.indices {
            var bytes = fields.field(index)
            if index == 0, bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
                bytes = UnsafeRawBufferPointer(rebasing: bytes.dropFirst(3))
            }
            let name = headerNames[index].utf8
            func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
            guard bytes.count == name.count, zip(bytes, name).allSatisfy({ lower($0) == lower($1) }) else {
                return false
            }
        }
        return true
    }

    /// The file's metric: FOCUS has both; otherwise as given, or as the rows say.
    static func metric(of file: CostInputFile, schema: CostSchema, evidence: MetricEvidence) -> (
        CostMetric, MetricSource
    ) {
        if schema.kind == .focus { return (.both, .columns) }
        if let given = file.metric { return (given, file.metricSource ?? .option) }
        return evidence.verdict
    }

    /// Whether the file starts with the gzip magic bytes.
    static func isGzip(path: String) throws -> Bool {
        let probe = try FileByteSource(path: path, length: 2)
        var magic: [UInt8] = [0, 0]
        let got = try magic.withUnsafeMutableBytes { buffer in try probe.read(into: buffer) }
        return got == 2 && magic[0] == 0x1F && magic[1] == 0x8B
    }
}

/// What the rows of an EA or MCA file say about its metric.
struct MetricEvidence: Sendable {
    var commitmentPurchases = 0
    var unusedCommitment = 0

    mutating func add(_ other: MetricEvidence) {
        commitmentPurchases += other.commitmentPurchases
        unusedCommitment += other.unusedCommitment
    }

    mutating func observe(_ record: CostRecord, ids: KnownCharges) {
        let charge = record[.chargeType]
        if charge == ids.unusedReservation || charge == ids.unusedSavingsPlan {
            unusedCommitment += 1
        } else if charge == ids.purchase || charge == ids.refund {
            // Amortized data may keep commitment purchases zeroed; only a non-zero one is evidence.
            let model = record[.pricingModel]
            if (model == ids.reservation || model == ids.savingsPlan) && !(record.cost?.isZero ?? true) {
                commitmentPurchases += 1
            }
        }
    }

    /// Commitment purchases appear only in actual cost; unused commitment only in amortized cost.
    var verdict: (CostMetric, MetricSource) {
        if unusedCommitment > 0 && commitmentPurchases == 0 { return (.amortized, .rows) }
        if commitmentPurchases > 0 && unusedCommitment == 0 { return (.actual, .rows) }
        return (.actual, .assumed)
    }
}
