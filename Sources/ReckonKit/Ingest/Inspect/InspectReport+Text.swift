extension InspectReport {
    /// The report as plain text for a terminal: one block per file, then the totals.
    ///
    /// Amounts show both the exact value and the value rounded to the currency's minor unit.
    public func text() -> String {
        var out = ReportText()
        for file in files {
            out += "\(file.file)\n"
            // The legacy EA kind's name already holds its one version ("EA (legacy c360)").
            let version = file.kind.rawValue.contains(file.version) ? "" : " \(file.version)"
            var dataset = "  dataset   \(file.kind.rawValue)\(version), \(file.columns) columns"
            if file.compressed { dataset += ", gzip" }
            dataset += ", \(InspectReport.describe(metric: file.metric, source: file.metricSource))"
            out += "\(dataset)\n"
            var period = "  period    charges \(file.firstDay ?? "-")..\(file.lastDay ?? "-")"
            if !file.billingPeriods.isEmpty {
                period += "; billing period \(file.billingPeriods.joined(separator: ", "))"
            }
            out += "\(period)\n"
            out += "  rows      \(InspectReport.describe(file.counts))\n"
            for line in InspectReport.describeTotals(file.totals) { out += "  total     \(line)\n" }
            out +=
                "  keys      \(file.distinctInvoices) invoices, \(file.distinctSubscriptions) subscriptions, \(file.distinctResourceGroups) resource groups, \(file.distinctMeters) meters\n"
            var tags =
                "  tags      \(file.tags.distinctKeys) keys in \(file.tags.distinctTagSets) distinct tag sets; \(file.tags.untaggedRows) \(file.tags.untaggedRows == 1 ? "row" : "rows") untagged"
            if file.tags.malformedTagSets > 0 { tags += "; \(file.tags.malformedTagSets) tag sets are not valid JSON" }
            out += "\(tags)\n"
            for group in file.tags.collisions {
                out += "  collision tag keys \(group.map { "\"\($0)\"" }.joined(separator: ", ")) match as one key\n"
            }
            if !file.providers.isEmpty { out += "  providers \(file.providers.joined(separator: ", "))\n" }
            if !file.chargeTypes.isEmpty {
                out += "  charges   \(file.chargeTypes.map { "\($0.chargeType) \($0.rows)" }.joined(separator: ", "))\n"
            }
            out += "\n"
        }
        for document in documents {
            out += "\(document.file)\(document.pages.count > 1 ? " (+\(document.pages.count - 1) pages)" : "")\n"
            out += "  document  \(document.kind.rawValue), \(document.items) item(s)\n"
            if let rows = document.counts { out += "  rows      \(InspectReport.describe(rows))\n" }
            for total in document.totals {
                let digits = CurrencyCode(total.currency).minorUnitDigits
                out +=
                    "  total     \(total.label) \(total.currency) \(total.amount.grouped(digits)) (exact \(total.amount))\n"
            }
            for line in document.details { out += "  detail    \(line)\n" }
            out += "\n"
        }
        for note in notes { out += "note: \(note)\n" }
        out += "all files (\(files.count) cost, \(documents.count) documents)\n"
        // A price sheet read as CSV counts its items as rows too (their rejects are rows lost);
        // the totals below are of cost rows only.
        let priceItems = documents.compactMap(\.counts).reduce(0) { $0 + $1.read }
        let about = priceItems > 0 ? "\(priceItems) of them price-sheet items, not in the totals" : nil
        out += "  rows      \(InspectReport.describe(counts, aboutRead: about))\n"
        for (reason, count) in counts.filtered.sorted(by: { $0.key < $1.key }) {
            out += "  filtered  \(count): \(reason)\n"
        }
        for (reason, count) in counts.rejected.sorted(by: { $0.key < $1.key }) {
            out += "  rejected  \(count): \(reason)\n"
        }
        for line in InspectReport.describeTotals(totals) { out += "  total     \(line)\n" }
        if !sampleRejects.isEmpty {
            out += "first rejected rows:\n"
            for row in sampleRejects {
                let column = row.column.map { " (column \($0))" } ?? ""
                out += "  \(row.file):\(row.line)\(column): \(row.reason)\n"
            }
        }
        return out.text
    }

    /// `2720 read: 2472 used, 248 filtered, 0 rejected`, with `aboutRead` in brackets after "read".
    static func describe(_ counts: RowCounts, aboutRead: String? = nil) -> String {
        let read = aboutRead.map { "\(counts.read) read (\($0))" } ?? "\(counts.read) read"
        var text = "\(read): \(counts.used) used, \(counts.filteredTotal) filtered, \(counts.rejectedTotal) rejected"
        if counts.blankLines > 0 { text += " (\(counts.blankLines) blank lines skipped)" }
        return text
    }

    static func describe(metric: CostMetric, source: MetricSource) -> String {
        switch metric {
        case .both: return "billed and effective cost columns"
        case .actual, .amortized:
            let how: String
            switch source {
            case .columns: how = "from the columns"
            case .manifest: how = "from the export manifest"
            case .option: how = "as given by --metric"
            case .fileName: how = "from the file name"
            case .rows:
                how =
                    metric == .actual
                    ? "from the rows: commitment purchases appear only in actual cost"
                    : "from the rows: unused commitment appears only in amortized cost"
            case .assumed: how = "assumed: nothing in the file says otherwise; pass --metric amortized if it is"
            }
            return "\(metric.rawValue) cost (\(how))"
        }
    }

    static func describeTotals(_ totals: [CurrencyTotals]) -> [String] {
        totals.map { entry in
            let digits = CurrencyCode(entry.currency).minorUnitDigits
            var parts: [String] = []
            if let billed = entry.billedCost { parts.append("billed \(billed.grouped(digits)) (exact \(billed))") }
            if let effective = entry.effectiveCost {
                parts.append("effective \(effective.grouped(digits)) (exact \(effective))")
            }
            if let net = entry.costAllocationNet { parts.append("cost-allocation rows net \(net)") }
            let name = entry.currency.isEmpty ? "(no currency column)" : entry.currency
            return "\(name) \(entry.rows) rows: " + parts.joined(separator: "; ")
        }
    }
}
