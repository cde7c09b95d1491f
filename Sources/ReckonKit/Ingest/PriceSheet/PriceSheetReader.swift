/// One price from a price sheet, whichever form it came in (the EA or MCA export CSV, or the
/// Consumption price-sheet JSON).
///
/// Prices are **per block of the unit of measure** (`100 Hours`): normalise with ``PricingUnits``
/// before comparing with a cost row's effective price.
public struct PriceSheetEntry: Hashable, Sendable {
    /// The meter, lower-cased (ids are compared case-insensitively).
    public var meterId: String
    /// The meter's name.
    public var meterName: String?
    /// The product (`Product` column), when given.
    public var product: String?
    /// The unit of measure as written, with its block size.
    public var unitOfMeasure: String
    /// The price per block.
    public var unitPrice: Amount
    /// The retail (pay-as-you-go) price per block, when given.
    public var marketPrice: Amount?
    /// The currency of the prices.
    public var currency: CurrencyCode
    /// The first day the price applies.
    public var effectiveStart: Day?
    /// The last day the price applies.
    public var effectiveEnd: Day?
    /// The lowest quantity of the price tier (tiered meters have several entries).
    public var tierMinimumUnits: Amount?
    /// `Consumption`, `Reservation`, `SavingsPlan` …, as written.
    public var priceType: String?
    /// The term (`P1Y`), for commitment prices.
    public var term: String?
    /// The part number (EA).
    public var partNumber: String?
}

/// What reading a price sheet found.
public struct PriceSheetReadResult: Sendable {
    /// The prices, in file order.
    public var entries: [PriceSheetEntry]
    /// Where the rows went.
    public var counts: RowCounts
    /// `EA` or `MCA` for the export CSV layouts, `JSON` for the Consumption API.
    public var layout: String
}

/// Reads the price-sheet export CSV (2023-05-01 columns, EA or MCA) into ``PriceSheetEntry``s.
///
/// Columns are matched by name, case-insensitively: EA writes `MeterID`, MCA `MeterId`; EA's
/// currency column is `CurrencyCode`, MCA's `Currency` (with `BillingCurrency` beside it). A row
/// without a meter id, unit of measure or a valid price is rejected with its line and column.
public enum PriceSheetReader {
    /// Whether a CSV header is a price-sheet export header.
    public static func isPriceSheetHeader(_ names: [String]) -> Bool {
        let lower = Set(names.map { $0.trimmingASCIIWhitespace().lowercased() })
        return lower.contains("meterid") && lower.contains("unitprice") && lower.contains("unitofmeasure")
            && !lower.contains("costinbillingcurrency") && !lower.contains("cost") && !lower.contains("quantity")
    }

    /// Reads the price sheet at `path`.
    ///
    /// - Parameters:
    ///   - path: the price sheet's CSV or `.csv.gz` file.
    ///   - displayName: the file's name in messages.
    ///   - reject: receives each rejected row.
    /// - Returns: the price entries, with row counts and the layout found.
    /// - Throws: ``IngestError`` when the file cannot be read or is not a price sheet.
    public static func read(path: String, displayName: String, reject: (RejectedRow) throws -> Void) throws
        -> PriceSheetReadResult
    {
        let compressed = try CostFileReader.isGzip(path: path)
        let source: any ByteSource = compressed ? try GzipByteSource(path: path) : try FileByteSource(path: path)
        let reader = CSVReader(source: source)
        guard try reader.next() else {
            throw IngestError(file: displayName, problem: "the file is empty: expected a price-sheet header")
        }
        let names = (0..<reader.fieldCount).map { reader.string($0) }
        guard isPriceSheetHeader(names) else {
            throw IngestError(
                file: displayName,
                line: 1,
                problem: "not a price-sheet export: expected MeterId, UnitOfMeasure and UnitPrice columns"
            )
        }
        var index: [String: Int] = [:]
        for (position, name) in names.enumerated() {
            let key = name.trimmingASCIIWhitespace().lowercased()
            if index[key] == nil { index[key] = position }
        }
        let layout = index["enrollmentnumber"] != nil || index["currencycode"] != nil ? "EA" : "MCA"
        func column(_ candidates: String...) -> Int? { candidates.lazy.compactMap { index[$0] }.first }
        let meterID = column("meterid")
        let meterName = column("metername")
        let product = column("product", "productname")
        let unit = column("unitofmeasure")
        let price = column("unitprice")
        let market = column("marketprice")
        let currency = column("currency", "currencycode", "billingcurrency")
        let start = column("effectivestartdate")
        let end = column("effectiveenddate")
        let tier = column("tierminimumunits")
        let priceType = column("pricetype")
        let term = column("term")
        let partNumber = column("partnumber")

        var entries: [PriceSheetEntry] = []
        var counts = RowCounts()
        while true {
            do { guard try reader.next() else { break } } catch let error as CSVSyntaxError {
                counts.read += 1
                counts.rejected["CSV syntax", default: 0] += 1
                try reject(
                    RejectedRow(
                        file: displayName,
                        line: reader.line,
                        column: nil,
                        reason: error.description,
                        raw: reader.rawRecord()
                    )
                )
                continue
            }
            if reader.isBlankLine {
                counts.blankLines += 1
                continue
            }
            counts.read += 1
            func field(_ position: Int?) -> String? {
                guard let position, position < reader.fieldCount else { return nil }
                let value = reader.string(position).trimmingASCIIWhitespace()
                return value.isEmpty || value.uppercased() == "NULL" ? nil : value
            }
            func fail(_ column: String?, _ reason: String, category: String = "invalid value") throws {
                counts.rejected[category, default: 0] += 1
                try reject(
                    RejectedRow(
                        file: displayName,
                        line: reader.line,
                        column: column,
                        reason: reason,
                        raw: reader.rawRecord()
                    )
                )
            }
            guard reader.fieldCount == names.count else {
                try fail(nil, reader.wrongFieldCount(expected: names.count), category: "wrong number of fields")
                continue
            }
            guard let meter = field(meterID) else {
                try fail(meterID.map { names[$0] }, "the meter id is empty; a price needs a meter")
                continue
            }
            guard let unitText = field(unit) else {
                try fail(unit.map { names[$0] }, "the unit of measure is empty; a price is per block of a unit")
                continue
            }
            /// The number in a column; `ok` is false when the row was rejected for it.
            func amount(_ position: Int?) throws -> (Amount?, ok: Bool) {
                guard let text = field(position) else { return (nil, true) }
                do { return (try Amount.parse(text), true) } catch {
                    try fail(position.map { names[$0] }, "'\(text)' is not a number: \(error)")
                    return (nil, false)
                }
            }
            func day(_ position: Int?) throws -> (Day?, Bool) {
                guard let text = field(position) else { return (nil, true) }
                guard let value = Day.parse(text) else {
                    try fail(
                        position.map { names[$0] },
                        "'\(text)' is not a date (expected ISO yyyy-MM-dd or M/d/yyyy)"
                    )
                    return (nil, false)
                }
                return (value, true)
            }
            let (unitPrice, priceOK) = try amount(price)
            guard priceOK else { continue }
            guard let unitPrice else {
                try fail(price.map { names[$0] }, "the unit price is empty; expected a number")
                continue
            }
            let (marketPrice, marketOK) = try amount(market)
            guard marketOK else { continue }
            let (tierMinimum, tierOK) = try amount(tier)
            guard tierOK else { continue }
            let (startDay, startOK) = try day(start)
            guard startOK else { continue }
            let (endDay, endOK) = try day(end)
            guard endOK else { continue }
            counts.used += 1
            entries.append(
                PriceSheetEntry(
                    meterId: meter.lowercased(),
                    meterName: field(meterName),
                    product: field(product),
                    unitOfMeasure: unitText,
                    unitPrice: unitPrice,
                    marketPrice: marketPrice,
                    currency: CurrencyCode(field(currency) ?? ""),
                    effectiveStart: startDay,
                    effectiveEnd: endDay,
                    tierMinimumUnits: tierMinimum,
                    priceType: field(priceType),
                    term: field(term),
                    partNumber: field(partNumber)
                )
            )
        }
        precondition(counts.balances, "price-sheet row accounting does not add up for \(displayName)")
        return PriceSheetReadResult(entries: entries, counts: counts, layout: layout)
    }
}

extension PriceSheetEntry {
    /// An entry from the Consumption price-sheet JSON, or `nil` when it has no meter, unit or price.
    public init?(_ item: PriceSheetItem) {
        guard let meter = item.meterId, let unit = item.unitOfMeasure, let price = item.unitPrice else { return nil }
        self.init(
            meterId: meter.lowercased(),
            meterName: item.meterName,
            product: nil,
            unitOfMeasure: unit,
            unitPrice: price,
            marketPrice: nil,
            currency: item.currencyCode ?? .unknown,
            effectiveStart: nil,
            effectiveEnd: nil,
            tierMinimumUnits: nil,
            priceType: nil,
            term: nil,
            partNumber: item.partNumber
        )
    }
}
