import Foundation
import Yams

extension Day {
    /// A day written exactly `yyyy-MM-dd`, as configuration files must write them.
    static func isoDate(_ text: String) -> Day? {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
        return Day.parse(text)
    }
}

/// CSV tables an allocation configuration can name: the subscription → cost center map (as a
/// CMDB exports it), management-group memberships, inherited tags and driver quantities.
///
/// Columns are found by header name (case-insensitively, any order); every error names the file,
/// the line and the column.
public enum ConfigTable {
    /// A table read into rows of named cells.
    struct Table {
        /// The path read, for errors and each row's location (outputs keep only its file name:
        /// `RuleEngine`).
        var file: String
        var header: [String]
        var rows: [(line: Int, cells: [String])]

        func index(_ name: String) -> Int? { header.firstIndex(of: name) }

        func location(line: Int, column: String) -> ConfigLocation {
            ConfigLocation(file: file, line: line, column: index(column).map { $0 + 1 }, path: column)
        }

        func cell(_ row: (line: Int, cells: [String]), _ name: String) -> String {
            guard let index = index(name), index < row.cells.count else { return "" }
            return row.cells[index].trimmingASCIIWhitespace()
        }

        func day(_ row: (line: Int, cells: [String]), _ name: String) throws(ConfigError) -> Day? {
            let text = cell(row, name)
            if text.isEmpty { return nil }
            guard let day = Day.isoDate(text) else {
                throw location(line: row.line, column: name).error("'\(text)' is not a date; expected yyyy-MM-dd")
            }
            return day
        }

        func validity(_ row: (line: Int, cells: [String])) throws(ConfigError) -> Validity {
            let validity = Validity(from: try day(row, "valid_from"), to: try day(row, "valid_to"))
            if let from = validity.from, let to = validity.to, from > to {
                throw location(line: row.line, column: "valid_to").error("valid_to \(to) is before valid_from \(from)")
            }
            return validity
        }
    }

    /// A path relative to the configuration's folder (absolute paths stay).
    static func resolve(_ path: String, in folder: String) -> String {
        if path.hasPrefix("/") || folder.isEmpty { return path }
        return (folder as NSString).appendingPathComponent(path)
    }

    /// Reads a CSV file whose header must hold `required` (lower-cased) and may hold `optional`.
    static func read(path: String, required: [String], optional: [String], at origin: ConfigNode?) throws(ConfigError)
        -> Table
    {
        let data: [UInt8]
        do { data = try FileSystem.read(path) } catch {
            if let origin { throw origin.error("\(path): \(error.problem)") }
            throw ConfigError(file: path, path: "", problem: error.problem)
        }
        let reader = CSVReader(source: MemoryByteSource(data))
        var header: [String] = []
        var rows: [(Int, [String])] = []
        while true {
            let more: Bool
            do { more = try reader.next() } catch {
                throw ConfigError(file: path, line: reader.line, path: "", problem: "not valid CSV: \(error)")
            }
            if !more { break }
            if reader.isBlankLine { continue }
            let cells = (0..<reader.fieldCount).map { reader.string($0) }
            if header.isEmpty {
                header = cells.map { $0.trimmingASCIIWhitespace().lowercased() }
                let missing = required.filter { !header.contains($0) }
                if !missing.isEmpty {
                    throw ConfigError(
                        file: path,
                        line: reader.line,
                        path: "",
                        problem:
                            "the header must have the columns \(required.joined(separator: ","))\(optional.isEmpty ? "" : " (optional: \(optional.joined(separator: ",")))"); "
                            + "missing \(missing.joined(separator: ", "))"
                    )
                }
                continue
            }
            if cells.count != header.count {
                throw ConfigError(
                    file: path,
                    line: reader.line,
                    path: "",
                    problem: "expected \(header.count) fields as in the header, found \(cells.count)"
                )
            }
            rows.append((reader.line, cells))
        }
        if header.isEmpty {
            throw ConfigError(file: path, line: 1, path: "", problem: "the file is empty; expected a header row")
        }
        return Table(file: path, header: header, rows: rows)
    }

    /// Reads a subscription → cost center map: `subscription_id,cost_center[,valid_from,valid_to]`.
    ///
    /// Two rows for the same subscription whose dates overlap are an error naming both lines.
    /// - Throws: ``ConfigError`` naming the file, line and column.
    public static func subscriptionMap(path: String) throws(ConfigError) -> [SubscriptionMapEntry] {
        try subscriptionMap(path: path, at: nil)
    }

    static func subscriptionMap(path: String, at origin: ConfigNode?) throws(ConfigError) -> [SubscriptionMapEntry] {
        let table = try read(
            path: path,
            required: ["subscription_id", "cost_center"],
            optional: ["valid_from", "valid_to"],
            at: origin
        )
        var entries: [SubscriptionMapEntry] = []
        for row in table.rows {
            let subscription = table.cell(row, "subscription_id")
            let costCenter = table.cell(row, "cost_center")
            if subscription.isEmpty {
                throw table.location(line: row.line, column: "subscription_id").error("the subscription id is empty")
            }
            if costCenter.isEmpty {
                throw table.location(line: row.line, column: "cost_center").error("the cost center is empty")
            }
            let entry = SubscriptionMapEntry(
                subscription: subscription,
                costCenter: costCenter,
                validity: try table.validity(row),
                location: table.location(line: row.line, column: "subscription_id"),
                costCenterLocation: table.location(line: row.line, column: "cost_center")
            )
            entries.append(entry)
        }
        return entries
    }

    static func managementGroups(path: String, at origin: ConfigNode) throws(ConfigError) -> [ManagementGroupTable
        .Membership]
    {
        let table = try read(
            path: path,
            required: ["subscription_id", "management_group"],
            optional: ["valid_from", "valid_to"],
            at: origin
        )
        var memberships: [ManagementGroupTable.Membership] = []
        for row in table.rows {
            let subscription = table.cell(row, "subscription_id")
            let group = table.cell(row, "management_group")
            if subscription.isEmpty || group.isEmpty {
                throw
                    table.location(
                        line: row.line,
                        column: subscription.isEmpty ? "subscription_id" : "management_group"
                    )
                    .error("the value is empty")
            }
            memberships.append(
                ManagementGroupTable.Membership(
                    subscription: subscription,
                    group: group,
                    validity: try table.validity(row),
                    location: table.location(line: row.line, column: "subscription_id")
                )
            )
        }
        return memberships
    }

    /// `subscription_id,resource_group,tag_key,tag_value[,valid_from,valid_to]`; an empty resource
    /// group makes a subscription-level entry, an empty subscription a resource-group entry that
    /// applies in every subscription.
    static func inheritedTags(path: String, at origin: ConfigNode) throws(ConfigError) -> [TagInheritance.Entry] {
        let table = try read(
            path: path,
            required: ["subscription_id", "resource_group", "tag_key", "tag_value"],
            optional: ["valid_from", "valid_to"],
            at: origin
        )
        var entries: [TagInheritance.Entry] = []
        for row in table.rows {
            let subscription = table.cell(row, "subscription_id")
            let group = table.cell(row, "resource_group")
            let key = table.cell(row, "tag_key")
            if key.isEmpty { throw table.location(line: row.line, column: "tag_key").error("the tag key is empty") }
            if subscription.isEmpty && group.isEmpty {
                throw table.location(line: row.line, column: "subscription_id")
                    .error("give a subscription, a resource group or both")
            }
            let valueIndex = table.index("tag_value") ?? 0
            entries.append(
                TagInheritance.Entry(
                    subscription: subscription.isEmpty ? nil : subscription,
                    resourceGroup: group.isEmpty ? nil : TextPattern(group),
                    tags: [Tag(key: key, value: row.cells[valueIndex])],
                    validity: try table.validity(row),
                    location: table.location(line: row.line, column: "tag_key")
                )
            )
        }
        return entries
    }

    /// A driver: `driver: file.csv` (columns `cost_center,quantity`), or
    /// `driver: { file:, cost_center_column:, quantity_column:, period: }`. With `period:` only the
    /// rows whose `period` column equals it are read.
    static func driver(_ node: ConfigNode, folder: String) throws(ConfigError) -> DriverTable {
        var file: String
        var costCenterColumn = "cost_center"
        var quantityColumn = "quantity"
        var period: String?
        if node.node.mapping != nil {
            try node.allowOnly(["file", "cost_center_column", "quantity_column", "period"])
            file = try node.required("file").nonEmptyString()
            if let value = node["cost_center_column"] { costCenterColumn = try value.nonEmptyString().lowercased() }
            if let value = node["quantity_column"] { quantityColumn = try value.nonEmptyString().lowercased() }
            period = try node["period"]?.nonEmptyString()
        } else {
            file = try node.nonEmptyString()
        }
        let path = resolve(file, in: folder)
        let table = try read(
            path: path,
            required: [costCenterColumn, quantityColumn] + (period != nil ? ["period"] : []),
            optional: [],
            at: node
        )
        var rows: [(costCenter: String, quantity: Amount, location: ConfigLocation)] = []
        for row in table.rows {
            if let period, table.cell(row, "period") != period { continue }
            let costCenter = table.cell(row, costCenterColumn)
            let text = table.cell(row, quantityColumn)
            let location = table.location(line: row.line, column: quantityColumn)
            if costCenter.isEmpty {
                throw table.location(line: row.line, column: costCenterColumn).error("the cost center is empty")
            }
            let quantity: Amount
            do { quantity = try Amount.parse(text) } catch {
                throw location.error("'\(text)' is not a number: \(error)")
            }
            if quantity.signum < 0 { throw location.error("a driver quantity must not be negative") }
            rows.append((costCenter, quantity, table.location(line: row.line, column: costCenterColumn)))
        }
        if rows.isEmpty { throw node.error("\(path): no driver rows\(period.map { " for period \($0)" } ?? "")") }
        return DriverTable(file: file, path: path, rows: rows, period: period)
    }
}
