/// A saved page of the Consumption API's usage details (`Microsoft.Consumption/usageDetails`, the
/// `modern` MCA kind or the `legacy` EA kind), read as cost details: each item's `properties`
/// become one CSV row, under a header of the property names, so the page goes through the same
/// schema detection, decoder, rollups and row accounting as an export.
///
/// The property names are the export's column names (`costInBillingCurrency`, `invoiceId`,
/// `subscriptionGuid`, `chargeType`; `cost`, `billingCurrency` in the legacy kind). Numbers keep
/// their exact text (never `Double`); strings are written as they are; `null` is empty; objects and
/// arrays are written as compact JSON. The item's own `tags` object (resource tags, outside
/// `properties`) becomes the `tags` column when `properties` has none, as in the CSV exports.
///
/// A page is converted in memory (Consumption pages hold up to 1,000 items, a few megabytes) and
/// read as one range. A rejected row's line is the item's position in the page plus one (line 1 is
/// the header the conversion writes).
enum UsageDetailsJSON {
    /// The page as CSV bytes: a header of every property name in first-seen order, then one row
    /// per item.
    /// - Throws: ``IngestError`` when the file is not JSON or holds no usage-details list.
    static func csv(_ bytes: [UInt8], file: String) throws(IngestError) -> [UInt8] {
        let body: JSONCursor
        do {
            body = try BillingDocumentReader.body(of: bytes, file: file)
        } catch {
            if let syntax = error.syntax {
                throw IngestError(file: file, line: syntax.line, problem: "not valid JSON at column \(syntax.column): \(syntax.message)")
            }
            throw IngestError(file: file, problem: String("\(error)".dropFirst(file.count + 1)).trimmingASCIIWhitespace())
        }
        guard let items = body.value["value"]?.arrayValue else {
            throw IngestError(file: file, problem: "no \"value\" list of usage details: expected a saved page of the Consumption usage details API")
        }
        var columns: [String] = []
        var seen: Set<String> = []
        var rows: [[String: String]] = []
        rows.reserveCapacity(items.count)
        for item in items {
            var row: [String: String] = [:]
            if case .object(let properties)? = item["properties"] {
                for key in properties.keys {
                    guard let value = properties[key] else { continue }
                    if seen.insert(key.lowercased()).inserted { columns.append(key) }
                    row[key.lowercased()] = text(value)
                }
            }
            if row["tags"] == nil, let tags = item["tags"] {
                if seen.insert("tags").inserted { columns.append("tags") }
                row["tags"] = text(tags)
            }
            rows.append(row)
        }
        var out = CSVText.line(columns.map(CSVText.quoted))
        for row in rows {
            out += CSVText.line(columns.map { CSVText.quoted(row[$0.lowercased()] ?? "") })
        }
        return Array(out.utf8)
    }

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
