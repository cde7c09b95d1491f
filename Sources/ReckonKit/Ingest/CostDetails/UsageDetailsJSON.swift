import Foundation

/// A saved page of the Consumption API's usage details (`Microsoft.Consumption/usageDetails`, the
/// `modern` MCA kind or the `legacy` EA kind), read as cost details: each item's `properties`
/// become one CSV row, so the page goes through the same schema detection, decoder, rollups and
/// row accounting as an export.
///
/// The property names are the export's column names (`costInBillingCurrency`, `invoiceId`,
/// `subscriptionGuid`, `chargeType`; `cost`, `billingCurrency` in the legacy kind). A property
/// that names a ``CostColumn`` is written under that column's one name, whichever alias the item
/// used, so a page whose items use different names (a `modern` and a `legacy` item, or
/// `subscriptionGuid` beside `subscriptionId`) still has one column per field; among aliases in
/// one item the column's preferred one wins, as in a CSV header. Other properties keep their
/// names. Numbers keep their exact text (never `Double`); strings are written as they are; `null`
/// is empty; objects and arrays are written as compact JSON. The item's own `tags` object
/// (resource tags, outside `properties`) becomes the `tags` column when `properties` has none, as
/// in the CSV exports.
///
/// A page is converted in memory (Consumption pages hold up to 1,000 items, a few megabytes; a
/// file above ``maximumBytes`` is an error) and read as one range. A rejected row's line is its
/// line in the converted page: the item's position plus one, unless a value of an earlier item
/// holds a line break.
enum UsageDetailsJSON {
    /// The largest page converted: far above what the API returns per page.
    static let maximumBytes = FileSystem.maximumWholeFileBytes

    /// Whether the file at `path` is a saved usage-details page (or a Swagger example of one):
    /// a `.json` file whose `value` items have the type `Microsoft.Consumption/usageDetails`.
    /// Invoices, transactions, balances and price sheets are not. A file above ``maximumBytes``
    /// that mentions usage details is taken for one, so that reading it gives the size error.
    static func isPage(_ path: String) -> Bool {
        // Only a regular file is opened: opening a pipe waits for a writer.
        guard path.lowercased().hasSuffix(".json"), case .regular(let size) = FileKind.at(path) else { return false }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        let head = String(decoding: (try? handle.read(upToCount: 64 << 10)) ?? Data(), as: UTF8.self).lowercased()
        try? handle.close()
        // A cheap look first (the type may be written with an escaped slash, `\/`).
        guard head.contains("usagedetails") else { return false }
        if size > maximumBytes { return true }
        guard let bytes = try? FileSystem.read(path), let body = try? BillingDocumentReader.body(of: bytes, file: path),
            let first = body.value["value"]?.arrayValue?.first
        else { return false }
        return first["type"]?.stringValue?.lowercased().hasSuffix("/usagedetails") ?? false
    }

    /// The `nextLink` of a saved page, when the list goes on after it.
    static func nextLink(_ bytes: [UInt8]) -> String? {
        guard let body = try? BillingDocumentReader.body(of: bytes, file: ""),
            let link = body.value["nextLink"]?.stringValue ?? body.value["properties"]?["nextLink"]?.stringValue,
            !link.isEmpty
        else { return nil }
        return link
    }

    /// The page at `path` as CSV bytes (``csv(_:file:)``); a page above ``maximumBytes`` is refused
    /// by its size, before it is read, with what to do instead.
    static func csv(at path: String, file: String) throws(IngestError) -> [UInt8] {
        if case .regular(let size) = FileKind.at(path), size > maximumBytes { throw tooLarge(size, file: file) }
        return try csv(FileSystem.read(path, limit: maximumBytes), file: file)
    }

    static func tooLarge(_ bytes: Int, file: String) -> IngestError {
        IngestError(
            file: file,
            problem:
                "\(bytes) bytes is more than a saved usage-details page holds (at most \(maximumBytes >> 20) MiB here): save the list page by page (\(file.hasSuffix(".json") ? String(file.dropLast(5)) : file).page2.json, …), or export the month as CSV"
        )
    }

    /// The page as CSV bytes: a header of the fields in first-seen order, then one row per item.
    /// (Its size is checked by ``csv(at:file:)``, before it is read.)
    /// - Throws: ``IngestError`` when the page is not JSON, or holds no usage-details list.
    static func csv(_ bytes: [UInt8], file: String) throws(IngestError) -> [UInt8] {
        let body: JSONCursor
        do { body = try BillingDocumentReader.body(of: bytes, file: file) } catch {
            if let syntax = error.syntax { throw IngestError(file: file, syntax: syntax) }
            throw IngestError(
                file: file,
                problem:
                    "at \(error.jsonPath.isEmpty ? "the top level" : error.jsonPath): expected \(error.expected), found \(error.found)"
            )
        }
        guard let items = body.value["value"]?.arrayValue else {
            throw IngestError(
                file: file,
                problem:
                    "no \"value\" list of usage details: expected a saved page of the Consumption usage details API"
            )
        }
        // Fields in first-seen order, each written under the name it first came by (so the
        // schema is detected from the page's own names).
        var fields: [String] = []
        var headerName: [String: String] = [:]
        var rows: [[String: String]] = []
        rows.reserveCapacity(items.count)
        for item in items {
            // Per field: its value and the rank of the name it came by (0 for a column's preferred alias).
            var row: [String: (text: String, rank: Int)] = [:]
            var named: [(field: String, key: String)] = []
            if case .object(let properties)? = item["properties"] {
                for key in properties.keys {
                    guard let value = properties[key] else { continue }
                    let (field, rank) = field(key)
                    if let held = row[field], held.rank <= rank { continue }
                    if row[field] == nil { named.append((field, key)) }
                    row[field] = (text(value), rank)
                }
            }
            if row["tags"] == nil, let tags = item["tags"] {
                row["tags"] = (text(tags), 0)
                named.append(("tags", "tags"))
            }
            for (field, key) in named where headerName[field] == nil {
                headerName[field] = key
                fields.append(field)
            }
            rows.append(row.mapValues(\.text))
        }
        var out = CSVText.line(fields.map { CSVText.quoted(headerName[$0] ?? $0) })
        for row in rows { out += CSVText.line(fields.map { CSVText.quoted(row[$0] ?? "") }) }
        return Array(out.utf8)
    }

    /// The field a property fills: a cost column (by ``CostColumn/description``) with the rank of
    /// `key` among its aliases, or the property's own name lower-cased.
    static func field(_ key: String) -> (field: String, rank: Int) {
        let lower = key.lowercased()
        if let (column, rank) = aliasColumns[lower] { return (column.description, rank) }
        return (lower, 0)
    }

    /// Every alias of every cost column, lower-cased, with its column and its rank.
    static let aliasColumns: [String: (CostColumn, Int)] = {
        var table: [String: (CostColumn, Int)] = [:]
        for column in CostColumn.allCases {
            for (rank, alias) in column.aliases.enumerated() where table[alias] == nil { table[alias] = (column, rank) }
        }
        return table
    }()

    /// A property's value as a CSV cell's text.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .null: return ""
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text): return text
        case .array, .object: return value.description
        }
    }
}
