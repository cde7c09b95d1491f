/// The family of a cost-details file, detected from its header.
public enum DatasetKind: String, Sendable, Codable, CaseIterable {
    /// EA cost details as the portal and the legacy exports write them ("c360": `Cost`, `BillingCurrency`).
    case eaLegacy = "EA (legacy c360)"
    /// EA exports 2023-12-01-preview and later (`CostInBillingCurrency`, `BillingCurrencyCode`).
    case eaExport = "EA export"
    /// MCA cost details (camelCase, with `invoiceId` and `costInBillingCurrency`).
    case mca = "MCA"
    /// FOCUS, from Microsoft or another provider (`BilledCost` and `EffectiveCost`).
    case focus = "FOCUS"

    /// Whether rows of this kind carry an invoice id that reconciliation can join on.
    public var hasInvoiceIds: Bool { self == .mca || self == .focus }
}

/// Which cost a file's single cost column holds.
public enum CostMetric: String, Sendable, Codable, CaseIterable {
    /// Actual cost: what is invoiced (FOCUS `BilledCost`).
    case actual
    /// Amortized cost: purchases spread over the usage they cover (FOCUS `EffectiveCost`).
    case amortized
    /// FOCUS carries both in separate columns.
    case both
}

/// How a file's metric was decided, so a summary can say so.
public enum MetricSource: String, Sendable, Codable {
    /// FOCUS files carry both costs.
    case columns
    /// The export's manifest says `ActualCost` or `AmortizedCost`.
    case manifest
    /// The user said so on the command line.
    case option
    /// The file's own name (or, for an export partition, its export's name) says "actual" or
    /// "amortized" as a word (``InputDiscovery/nameMetric(of:)``).
    case fileName
    /// Inferred from the rows: commitment purchases only appear in actual cost, unused
    /// reservation or savings-plan rows only in amortized cost.
    case rows
    /// Nothing said otherwise, and the rows were consistent with actual cost.
    case assumed
}

/// The columns a cost-details header has, and what kind of dataset it is.
public struct CostSchema: Sendable {
    /// The dataset family.
    public var kind: DatasetKind
    /// A version label: "1.0", "1.2", "2024-08-01", "2021-10-01 or later"; best effort.
    public var version: String
    /// The header names as written (BOM removed).
    public var headerNames: [String]
    /// For each ``CostColumn`` (by raw value), the field index in a record, or -1.
    var fieldIndex: [Int]
    /// Whether `billingPeriodEnd` is exclusive (FOCUS) rather than inclusive (cost details).
    public var periodEndIsExclusive: Bool
    /// Columns the header names more than once, or under two of their names, each said in a
    /// sentence naming both (position and name) and the one read (``ambiguousColumns(headerNames:fieldIndex:kind:)``).
    public var ambiguousColumns: [String] = []

    /// The field index of `column`, or `nil` when the file does not have it.
    public func index(of column: CostColumn) -> Int? {
        let index = fieldIndex[column.rawValue]
        return index >= 0 ? index : nil
    }

    /// Key columns every EA and MCA export of the versions Reckon detects has, which reconciliation
    /// or allocation read. A header
    /// without one had it renamed or cut (a spreadsheet edit), and the field then reads as empty
    /// on every row: no charge type, no subscription, and no way to tell Azure's cost-allocation
    /// rows apart. FOCUS has none here: its spec examples leave out what they do not illustrate.
    static let expectedColumns: [DatasetKind: [CostColumn]] = [
        // Legacy EA files older than cost allocation (2021) and pricing models lack those two.
        .eaLegacy: [.subscriptionId, .resourceGroup, .meterCategory, .chargeType],
        .eaExport: [
            .subscriptionId, .resourceGroup, .meterCategory, .chargeType, .pricingModel, .costAllocationRuleName,
        ],
        .mca: [
            .invoiceId, .billingProfileId, .invoiceSectionId, .subscriptionId, .resourceGroup, .meterCategory,
            .chargeType, .pricingModel, .costAllocationRuleName,
        ],
    ]

    /// The ``expectedColumns`` this header does not have.
    public var missingExpectedColumns: [CostColumn] {
        (CostSchema.expectedColumns[kind] ?? []).filter { index(of: $0) == nil }
    }

    /// The header name the file uses for `column`.
    public func headerName(of column: CostColumn) -> String {
        guard let index = index(of: column) else { return column.description }
        return headerNames[index]
    }

    /// Detects the dataset from a header row.
    ///
    /// - Throws: ``IngestError`` when the header is not a cost-details header, naming what is missing.
    public static func detect(headerNames: [String], file: String) throws(IngestError) -> CostSchema {
        var lowered: [String: Int] = [:]
        for (index, name) in headerNames.enumerated() {
            let key = name.trimmingASCIIWhitespace().lowercased()
            if lowered[key] == nil { lowered[key] = index }
        }
        func has(_ name: String) -> Bool { lowered[name] != nil }

        let kind: DatasetKind
        var version: String
        if (has("billedcost") || has("effectivecost")) && (has("chargecategory") || has("chargeperiodstart")) {
            kind = .focus
            if has("invoiceid") || has("pricingcurrency") {
                version = "1.2"
            } else if has("skumeter") || has("servicesubcategory") || has("skupricedetails") {
                version = "1.1"
            } else {
                version = "1.0"
            }
            if has("x_billingprofileid") || has("x_skumeterid") { version += " (Microsoft)" }
        } else if has("costinbillingcurrency") && (has("invoiceid") || has("previousinvoiceid") || has("costinusd")) {
            kind = .mca
            version = "2021-10-01 or later"
        } else if has("costinbillingcurrency") {
            kind = .eaExport
            version = has("accountid") && has("resourcelocationnormalized") ? "2024-08-01" : "2023-12-01-preview"
        } else if has("cost") || has("extendedcost") || has("pretaxcost") {
            kind = .eaLegacy
            version = "c360"
        } else if let encoding = notText(headerNames) {
            // The raw bytes of a UTF-16 or binary file say nothing to a user: say what it is.
            let decoded = headerNames.map { $0.filter { $0 != "\u{0}" && $0 != "\u{FFFD}" }.lowercased() }
            let costHeader =
                encoding.hasPrefix("UTF-16")
                && decoded.contains { ["costinbillingcurrency", "cost", "billedcost", "effectivecost"].contains($0) }
            var error = IngestError(
                file: file,
                line: 1,
                problem: costHeader
                    ? "the file is \(encoding): a cost-details header, but Reckon reads UTF-8, as Azure writes it"
                    : "the file is \(encoding): expected a CSV header of cost-details column names"
            )
            error.notCostData = !costHeader
            error.notText = encoding
            throw error
        } else {
            let shown = headerNames.prefix(8).joined(separator: ", ")
            var error = IngestError(
                file: file,
                line: 1,
                problem:
                    "this is not a cost-details header: expected a cost column (costInBillingCurrency, CostInBillingCurrency or Cost for EA/MCA; BilledCost or EffectiveCost with ChargeCategory for FOCUS), found \(headerNames.count) columns starting \(shown)"
            )
            // A header with a usage date, a meter and an account or subscription is a cost export
            // whose cost column is missing or misspelled: an error even in a folder scan, where
            // other CSVs (a price sheet, a subscription map) are left out with a note.
            let looksLikeCostDetails =
                (has("date") || has("usagedatetime") || has("chargeperiodstart"))
                && (has("meterid") || has("metername") || has("skumeter") || has("x_skumeterid"))
                && (has("invoiceid") || has("billingaccountid") || has("subscriptionid") || has("subscriptionguid")
                    || has("billingaccountname"))
            error.notCostData = !looksLikeCostDetails
            throw error
        }

        var fieldIndex = [Int](repeating: -1, count: CostColumn.allCases.count)
        for column in CostColumn.allCases {
            for alias in column.aliases {
                if let index = lowered[alias] {
                    fieldIndex[column.rawValue] = index
                    break
                }
            }
        }
        // The generic `cost` column is not FOCUS's; FOCUS uses BilledCost/EffectiveCost.
        if kind == .focus { fieldIndex[CostColumn.cost.rawValue] = -1 }

        var schema = CostSchema(
            kind: kind,
            version: version,
            headerNames: headerNames,
            fieldIndex: fieldIndex,
            periodEndIsExclusive: kind == .focus
        )
        schema.ambiguousColumns = try ambiguousColumns(
            headerNames: headerNames,
            fieldIndex: fieldIndex,
            kind: kind,
            file: file
        )
        // FOCUS spec examples leave out columns they do not illustrate (BillingCurrency, BilledCost),
        // so FOCUS needs only a date and one of the two costs; EA and MCA always have all three.
        let required: [CostColumn] = kind == .focus ? [] : [.cost, .billingCurrency, .date]
        let missing = required.filter { schema.index(of: $0) == nil }
        if !missing.isEmpty {
            let names = missing.map { "\($0)" }.joined(separator: ", ")
            var error = IngestError(
                file: file,
                line: 1,
                problem: "the \(kind.rawValue) header has no \(names) column; every cost row needs it"
            )
            // A CSV with a "cost" column but no date or currency is some other table (a report).
            error.notCostData = missing.contains(.date) || missing.count > 1
            throw error
        }
        if kind == .focus && schema.index(of: .billedCost) == nil && schema.index(of: .effectiveCost) == nil {
            throw IngestError(file: file, line: 1, problem: "the FOCUS header has neither BilledCost nor EffectiveCost")
        }
        if kind == .focus && schema.index(of: .date) == nil {
            throw IngestError(
                file: file,
                line: 1,
                problem: "the FOCUS header has no ChargePeriodStart column; every cost row needs a date"
            )
        }
        return schema
    }

    /// What a header row's bytes are when they are not text: "UTF-16 text (save it as UTF-8)"
    /// (a UTF-16 byte-order mark, or a NUL beside every other character), "binary, not text" (a
    /// NUL or another control character, or mostly bytes that are not UTF-8), or `nil` for text.
    /// Only asked of a header that is not a cost-details header.
    static func notText(_ headerNames: [String]) -> String? {
        let text = headerNames.joined(separator: ",")
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        let nul = scalars.filter { $0 == "\u{0}" }.count
        // FF FE or FE FF, read as UTF-8, are two bytes that are not UTF-8.
        if text.hasPrefix("\u{FFFD}\u{FFFD}") && nul > 0 || nul * 3 >= scalars.count {
            return "UTF-16 text (save it as UTF-8)"
        }
        let control = scalars.contains { $0.value < 0x20 && $0 != "\t" && $0 != "\r" && $0 != "\n" || $0.value == 0x7F }
        let notUTF8 = scalars.filter { $0 == "\u{FFFD}" }.count
        return nul > 0 || control || notUTF8 * 4 > scalars.count ? "binary, not text" : nil
    }
}
