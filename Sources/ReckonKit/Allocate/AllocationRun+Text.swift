extension AllocationRun {
    /// The short summary `reckon allocate` prints: the cost basis, how each currency's total is made
    /// up in the chargeback's own terms (direct + shared received − shared given, and the part left
    /// unallocated), what each pool did, and the warnings.
    public func text() -> String {
        let result = self.result
        var out = ReportText()
        out += "allocated \(result.period.label): \(result.costBasis)\n"
        out += "Azure cost-allocation rows: \(result.azureAllocationRows)\n"
        let filtered = counts.filtered.keys.sorted().map { "\(counts.filtered[$0] ?? 0) \($0)" }.joined(separator: "; ")
        let filteredPart = counts.filteredTotal > 0 ? ", \(counts.filteredTotal) filtered (\(filtered))" : ""
        let rejectedPart = counts.rejectedTotal > 0 ? ", \(counts.rejectedTotal) rejected" : ""
        out +=
            "read \(files.count) cost file(s): \(counts.read) rows, \(counts.used) used\(filteredPart)\(rejectedPart); \(distinctKeys) allocation keys\n\n"

        // The chargeback's own column names and sums: total = direct + shared received − shared given.
        var table: [[String]] = [["currency", "total", "direct", "shared received", "shared given", "unallocated"]]
        for share in result.shares {
            let digits = share.currency.minorUnitDigits
            let unallocated =
                "\(share.unallocated.grouped(digits)) (\(share.percent(share.unallocated).map { $0.fixed(1) } ?? "0.0") %)"
            table.append([
                share.currency.code, share.total.grouped(digits), share.direct.grouped(digits),
                share.sharedReceived.grouped(digits), share.sharedGiven.grouped(digits), unallocated,
            ])
        }
        out += "\(lines: AllocationRun.columns(table.map { $0.map(ReportLine.oneLine) }))"
        out +=
            "  total = direct (mapped by the rules) + shared received − shared given (by the pools), as summed in chargeback.csv; unallocated is part of the total\n"
        for share in result.shares {
            let digits = share.currency.minorUnitDigits
            var parts = ["bill \(share.billExact) exact → \(share.billRounded.fixed(digits)) charged = direct"]
            if !share.offBill.isZero {
                parts.append("off-bill \(share.offBill.fixed(digits)) = shared received − shared given")
            }
            out += "  \(share.currency.code): \(parts.joined(separator: ", "))\n"
        }
        if !result.steps.isEmpty {
            out += "\npools:\n"
            for record in result.steps {
                let currency = record.currency == .unknown ? "" : " \(record.currency.code)"
                out += "  \(record.step) \(record.pool)\(currency): \(record.outcome)\n"
            }
        }
        let warnings = result.diagnostics.filter { $0.severity == .warning }
        let notes = result.diagnostics.filter { $0.severity == .note }
        if !warnings.isEmpty || !notes.isEmpty { out += "\n" }
        for diagnostic in warnings + notes { out += "\(diagnostic)\n" }
        return out.text
    }

    /// Left-aligned columns separated by two spaces.
    static func columns(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        var widths = first.map { $0.count }
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count {
                widths[index] = max(widths[index], cell.count)
            }
        }
        var out = ""
        for row in rows {
            var line = ""
            for (index, cell) in row.enumerated() {
                line +=
                    index == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[index] - cell.count + 2)
            }
            out += line + "\n"
        }
        return out
    }
}
