import Foundation
import Testing

@testable import ReckonKit

/// Reconciles a month folder with the default configuration.
func reconcileMonth(_ relative: String, config: ReconcileConfig = ReconcileConfig(), threads: Int? = nil) throws
    -> ReconcileRun
{
    let month = try MonthFolder.discover(root: Fixtures.path(relative))
    return try ReconcileRunner.run(
        month: month,
        config: config,
        options: IngestOptions(threads: threads),
        reject: { _ in }
    )
}

@Suite struct ReconcilerTests {
    /// The bundled month's planted differences (fixtures/contoso-2026-10/README.md), with amounts
    /// recomputed independently by a Python script over the same files (csv + json + decimal; a row's
    /// meter is meterName or else ProductName, a transaction's productDescription or else azurePlan):
    ///
    ///     ('G118264930', 'Data & Analytics', 'Analytics Logs Data Ingestion') 139.52 − 139.51246310305 = 0.00753689695
    ///     ('G118264930', 'Digital Products', 'D4s v5')                       273.64 − 269.3936        = 4.2464
    ///     ('G118264930', 'Digital Products', 'DDoS Protection Plan')         2944   − 0               = 2944
    ///     ('G118264941', 'UK Shared Services', 'D2 v3/D2s v3')                92.27  − 95.074216160462 = −2.804216160462
    ///     ('G118264941', 'UK Shared Services', 'Hot LRS Data Stored')         0      − 392.1825783869487
    @Test func findsEveryPlantedDifferenceAndNothingElse() throws {
        let run = try reconcileMonth("contoso-2026-10")
        let meter = run.reconciliation.lines.filter { $0.level == .meter && $0.status.isException }
        let found = meter.map { "\($0.invoiceId) \($0.key) \($0.status.rawValue) \($0.variance)" }
        #expect(
            found == [
                "G118264930 Digital Products|D4s v5 over_invoiced 4.2464",
                "G118264930 Digital Products|DDoS Protection Plan missing_usage 2944",
                "G118264941 UK Shared Services|D2 v3/D2s v3 under_invoiced -2.804216160462",
                "G118264941 UK Shared Services|Hot LRS Data Stored not_invoiced -392.1825783869487",
            ]
        )
        let rounding = try #require(
            run.reconciliation.lines.first {
                $0.level == .meter && $0.key == "Data & Analytics|Analytics Logs Data Ingestion"
            }
        )
        #expect(rounding.status == .withinTolerance)
        // 0.0075 is more than rounding one line explains (half a cent): within the relative
        // tolerance, with no reason Reckon can tell.
        #expect(rounding.reason == nil)
        #expect(rounding.variance.description == "0.00753689695")

        // The header whose taxAmount is 0.01 off: the tax rule, and the total that uses it.
        let header = run.reconciliation.lines.filter { $0.level == .header && $0.status.isException }
        #expect(
            header.map { "\($0.invoiceId) \($0.key) \($0.variance)" } == [
                "G118264930 tax_equals_line_tax 0.01", "G118264930 total_follows_from_parts -0.01",
            ]
        )
        // The total (2,629.92) follows from the lines' tax 621.94, not the header's 621.95: the
        // reason is tax, not the prepayment of 5,000 the invoice also has.
        #expect(header.map(\.reason) == [.tax, .tax])
        // Subtotal-level VAT may differ from Σ line tax by a few pence: within tolerance, reason tax.
        let vat = try #require(
            run.reconciliation.lines.first { $0.invoiceId == "G118264941" && $0.key == "tax_equals_line_tax" }
        )
        #expect(vat.status == .withinTolerance && vat.reason == .tax)

        // Invoice level: exactly the planted line differences (README: 2948.26 and −394.98).
        let invoices = run.reconciliation.lines.filter { $0.level == .invoice }
        #expect(invoices.map(\.variance.description) == ["2948.26", "-394.98"])
        #expect(invoices.map(\.computed.description) == ["4059.72", "1217.76"])
    }

    /// The reason of a total that does not follow from its parts is the part that explains it:
    /// a total 5,000.01 too high leaves out the prepayment of 5,000 (its 0.01 is the header's tax);
    /// one 150 too high leaves out the free credit. With a credit of 200 beside the prepayment of
    /// 5,000, a total 200 too high names the credit and one 5,000 too high the prepayment. A copy
    /// of the month with those amounts.
    @Test(arguments: [
        ("G118264930", [field("totalAmount", "USD", "2629.92", to: "7629.93")], VarianceReason.prepayment, "5000"),
        ("G118264941", [field("totalAmount", "GBP", "837.34", to: "987.34")], .credit, "150"),
        (
            "G118264930",
            [field("creditAmount", "USD", "0", to: "200"), field("totalAmount", "USD", "2629.92", to: "7429.93")],
            .prepayment, "5000"
        ),
        (
            "G118264930",
            [field("creditAmount", "USD", "0", to: "200"), field("totalAmount", "USD", "2629.92", to: "2629.93")],
            .credit, "200"
        ),
    ]) func aTotalThatLeavesOutAnAdjustmentNamesIt(
        invoice: String,
        edits: [Edit],
        reason: VarianceReason,
        variance: String
    ) throws {
        let month = try Fixtures.temporaryFolder() + "/month"
        try FileManager.default.copyItem(atPath: Fixtures.path("contoso-2026-10"), toPath: month)
        var text = String(decoding: try FileSystem.read(month + "/invoices.json"), as: UTF8.self)
        for edit in edits {
            #expect(text.ranges(of: edit.from).count == 1, "invoices.json no longer has exactly one \(edit.from)")
            text = text.replacing(edit.from, with: edit.to)
        }
        try Data(text.utf8).write(to: URL(fileURLWithPath: month + "/invoices.json"))
        let run = try ReconcileRunner.run(
            month: try MonthFolder.discover(root: month),
            config: ReconcileConfig(),
            reject: { _ in }
        )
        let line = try #require(
            run.reconciliation.lines.first { $0.invoiceId == invoice && $0.key == "total_follows_from_parts" }
        )
        #expect(line.status == .headerMismatch)
        #expect(line.variance.description == variance)
        #expect(line.reason == reason)
    }

    /// One amount of invoices.json changed: `from` and `to` are its whole field, as the file writes it.
    struct Edit: Sendable {
        var from: String
        var to: String
    }

    static func field(_ name: String, _ currency: String, _ value: String, to newValue: String) -> Edit {
        let head = "\"\(name)\": {\n          \"currency\": \"\(currency)\",\n          \"value\": "
        return Edit(from: head + value + "\n", to: head + newValue + "\n")
    }

    @Test func flagsRowsAndMetersPricedWrong() throws {
        let run = try reconcileMonth("contoso-2026-10")
        // Planted: actual data rows 182, 689 and 1067 (lines 183, 690, 1068) cost 5 % more than
        // quantity × effectivePrice.
        #expect(run.reconciliation.flaggedRows.map(\.line) == [183, 690, 1068])
        #expect(run.reconciliation.flaggedRows.map(\.meter) == ["F2s v2", "D2 v3/D2s v3", "L8s v3"])
        // Planted: B2ms (US East) is charged 0.077376 per 1 Hour; the price sheet lists 7.1978 per
        // 100 Hours, 0.071978 per hour.
        let finding = try #require(run.reconciliation.priceSheetFindings.first)
        #expect(run.reconciliation.priceSheetFindings.count == 1)
        #expect(finding.meterName == "B2ms")
        #expect(finding.chargedPerUnit.description == "0.077376")
        #expect(finding.sheetPerUnit.description == "0.071978")
        #expect(finding.costUnit == "1 Hour" && finding.sheetUnit == "100 Hours")
        #expect(finding.overcharge == (finding.chargedPerUnit - finding.sheetPerUnit).multiplied(by: finding.units))
    }

    /// Every level accounts for every invoice line and every cost row: Σ invoiced and Σ computed over
    /// the lines of a level equal the invoice-level figures, and Σ variance = Σ invoiced − Σ computed.
    @Test(arguments: [20_261_031 as UInt64, 7, 99, 2024]) func levelsAddUpForGeneratedMonths(seed: UInt64) throws {
        let folder = try Fixtures.temporaryFolder() + "/month"
        var options = FixtureGenerator.Options()
        options.seed = seed
        options.rows = 600 + Int(seed % 500)
        _ = try FixtureGenerator.generate(options: options, to: URL(fileURLWithPath: folder))
        let month = try MonthFolder.discover(root: folder)
        let run = try ReconcileRunner.run(month: month, config: ReconcileConfig(), reject: { _ in })
        let lines = run.reconciliation.lines
        for invoice in Set(lines.map(\.invoiceId)) {
            let top = try #require(lines.first { $0.invoiceId == invoice && $0.level == .invoice })
            let lineTotal =
                lines.filter { $0.invoiceId == invoice && $0.level == .header && $0.key == "subtotal_equals_lines" }
                .first?
                .computed
            for level in [ReconcileLevel.section, .productOrder, .serviceFamily, .meter] {
                let group = lines.filter { $0.invoiceId == invoice && $0.level == level }
                let invoiced = group.reduce(Amount.zero) { $0 + $1.invoiced }
                let computed = group.reduce(Amount.zero) { $0 + $1.computed }
                let variance = group.reduce(Amount.zero) { $0 + $1.variance }
                #expect(variance == invoiced - computed)
                #expect(computed == top.computed, "\(invoice) \(level): Σ computed")
                if let lineTotal { #expect(invoiced == lineTotal, "\(invoice) \(level): Σ invoiced") }
            }
        }
    }

    @Test func readingInParallelGivesTheSameLines() throws {
        let one = try reconcileMonth("contoso-2026-10", threads: 1)
        let two = try reconcileMonth("contoso-2026-10", threads: 4)
        #expect(one.reconciliation.lines == two.reconciliation.lines)
        #expect(one.reconciliation.flaggedRows == two.reconciliation.flaggedRows)
    }

    /// Microsoft's example invoices: the 2020-05-01 list adds up (33.99 − 25.46 − 1.00 = 7.53;
    /// 33.99 − 15.46 − 2.00 = 16.53); the 2024-04-01 example does not (33.99 − 25.46 + 1.00 = 9.53,
    /// not 7.53, and its one line is 4,500), which is reported as header variances.
    @Test func microsoftsExampleInvoicesRunThrough() throws {
        let base = Fixtures.path("realdata/azure-rest-api-specs")
        let old = try MonthFolder.discover(
            root: base + "/billing-2020-05-01",
            overrides: .init(
                invoices: base + "/billing-2020-05-01/BillingAccountInvoicesList.json",
                transactions: base + "/billing-2020-05-01/TransactionsListByInvoice.json"
            )
        )
        let oldRun = try ReconcileRunner.run(month: old, config: ReconcileConfig(), reject: { _ in })
        #expect(oldRun.reconciliation.lines.filter { $0.level == .header }.allSatisfy { $0.status == .matched })
        // Invoice 2344233 is named only by the example transactions, so it has no header.
        #expect(oldRun.reconciliation.bridges.map(\.invoiceId) == ["1383723", "1383724", "2344233"])
        #expect(oldRun.reconciliation.bridges.map(\.total?.description) == ["7.53", "16.53", nil])

        let new = try MonthFolder.discover(
            root: base + "/billing-2024-04-01",
            overrides: .init(
                invoices: base + "/billing-2024-04-01/invoicesGetByBillingAccount.json",
                transactions: base + "/billing-2024-04-01/transactionsListByInvoice.json"
            )
        )
        let newRun = try ReconcileRunner.run(month: new, config: ReconcileConfig(), reject: { _ in })
        let mismatches = newRun.reconciliation.lines.filter { $0.status == .headerMismatch }
        #expect(mismatches.map(\.key) == ["subtotal_equals_lines", "tax_equals_line_tax", "total_follows_from_parts"])
        #expect(mismatches.last?.computed.description == "9.53")
        #expect(newRun.reconciliation.notes.contains { $0.contains("1 pending transaction(s) left out") })
    }

    /// Files with the same bytes. An actual-cost file and an amortized one are not "the same
    /// partition twice": different stages read them, so neither is skipped (and the two exports
    /// of a month, often of equal size, are never compared byte by byte). A copy of the same
    /// metric is skipped; a copy with no metric in its name gives way to the labelled file, so one
    /// equal to a file of each metric cannot drop both.
    @Test(arguments: [
        (
            ["part-actual.csv", "part-amortized.csv", "copy-actual.csv"], ["copy-actual.csv", "part-amortized.csv"],
            "skipped part-actual.csv: identical to copy-actual.csv"
        ),
        (
            ["a-part.csv", "part-actual.csv", "part-amortized.csv"], ["part-actual.csv", "part-amortized.csv"],
            "skipped a-part.csv: identical to part-actual.csv"
        ),
    ]) func identicalFilesAreSkippedOnlyWithinAMetric(names: [String], kept: [String], note: String) throws {
        let folder = try Fixtures.temporaryFolder() + "/identical"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let text = "invoiceId,date,billingCurrency,costInBillingCurrency,meterId\nG1,10/01/2026,USD,1.5,m1\n"
        for name in names { try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name)) }
        let plan = try InputDiscovery.costFiles(at: folder, metric: nil)
        #expect(plan.files.map(\.displayName).sorted() == kept)
        #expect(plan.notes.contains { $0.hasPrefix(note) })
    }

    @Test func aCopiedPartitionOrRunIsReadOnce() throws {
        let folder = try Fixtures.temporaryFolder() + "/month"
        try FileManager.default.copyItem(atPath: Fixtures.path("contoso-2026-10"), toPath: folder)
        let run = "costdetails/contoso-mca-actual/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f"
        // The same run saved again under another folder, and one partition copied beside the runs.
        try FileManager.default.copyItem(atPath: folder + "/" + run, toPath: folder + "/costdetails/copy-of-run")
        try FileManager.default.copyItem(
            atPath: folder + "/" + run + "/part_0_0001.csv",
            toPath: folder + "/costdetails/part_0_0001 (1).csv"
        )
        let month = try MonthFolder.discover(root: folder)
        let result = try ReconcileRunner.run(month: month, config: ReconcileConfig(), reject: { _ in })
        #expect(result.counts.read == 1300)
        #expect(
            month.costPlan.notes.contains { $0.hasPrefix("skipped copy-of-run/manifest.json: the same export run") }
        )
        #expect(month.costPlan.notes.contains { $0.hasPrefix("skipped part_0_0001 (1).csv: identical to") })
        #expect(
            result.reconciliation.lines.filter { $0.level == .invoice }.map(\.computed.description) == [
                "4059.72", "1217.76",
            ]
        )
    }

    @Test(arguments: [
        (
            "reconcile:\n  tolerances:\n    meter: { absolute: -1 }\n", 3,
            "reconcile.tolerances.meter: absolute must not be negative"
        ),
        (
            "reconcile:\n  tolerances:\n    lines: { absolute: 1 }\n", 3,
            "reconcile.tolerances.lines: unknown level 'lines'"
        ), ("reconcile:\n  price_chek: {}\n", 2, "reconcile.price_chek: unknown key 'price_chek'"),
        ("reconcile:\n  line_key: [invoice_section]\n", 2, "reconcile.line_key: the line key must include meter"),
        (
            "reconcile:\n  tolerances:\n    default: { absolute: 1,5 }\n", 3,
            "reconcile.tolerances.default.5: unknown key '5'"
        ), ("reconcile:\n  tolerances: [\n", 3, "not valid YAML: did not find expected node content"),
        (
            "reconcile:\n  line_key: [meter]\n  tolerances: {}\n  tolerances: {}\n", 3,
            "not valid YAML: 'tolerances' given twice in one mapping (the first time here)"
        ),
    ]) func configErrorsNameTheLine(yaml: String, line: Int, message: String) {
        #expect { _ = try ReckonConfig.parse(yaml, file: "reckon.yaml") } throws: { error in
            let config = error as? ConfigError
            return (config?.description.contains(message) ?? false) && config?.line == line
        }
    }

    @Test func theStricterToleranceBinds() throws {
        let tolerance = Tolerance(absolute: try Amount.parse("0.05"), relative: try Amount.parse("0.001"))
        #expect(tolerance.allowance(for: try Amount.parse("10")).description == "0.01")
        #expect(tolerance.allowance(for: try Amount.parse("1000")).description == "0.05")
        let config = try ReckonConfig.parse("reconcile:\n  tolerances:\n    meter: { absolute: 2 }\n", file: "x")
        #expect(config.reconcile.tolerance(.meter).absolute?.description == "2")
        #expect(config.reconcile.tolerance(.section) == ReconcileConfig().defaultTolerance)
    }

    @Test func aLooserMeterToleranceAcceptsTheSmallPlantedLines() throws {
        var config = ReconcileConfig()
        config.tolerances[.meter] = Tolerance(absolute: Amount(5), relative: nil)
        let run = try reconcileMonth("contoso-2026-10", config: config)
        let meter = run.reconciliation.lines.filter { $0.level == .meter && $0.status.isException }
        #expect(
            meter.map(\.key) == ["Digital Products|DDoS Protection Plan", "UK Shared Services|Hot LRS Data Stored"]
        )
    }
}

extension ReconcilerTests {
    /// MCA rows with no invoice id yet (the fixture's month-to-date run: 305 rows, Σ 1420.545310364332
    /// USD and 332.295911218266897096 GBP, fixture README) are charges not invoiced yet, never an
    /// "EA billing period", though they carry a billing period.
    @Test func mcaRowsWithoutAnInvoiceIdArePendingNotEA() throws {
        let folder = try Fixtures.temporaryFolder() + "/month"
        try FileManager.default.copyItem(atPath: Fixtures.path("contoso-2026-10"), toPath: folder)
        try FileManager.default.removeItem(
            atPath: folder + "/costdetails/contoso-mca-actual/20261001-20261031/20160c5f-955c-4fd1-8af6-d9b1c97cf04f"
        )
        try FileManager.default.removeItem(atPath: folder + "/costdetails/contoso-mca-amortized")
        let run = try ReconcileRunner.run(
            month: try MonthFolder.discover(root: folder),
            config: ReconcileConfig(),
            reject: { _ in }
        )
        let pending = run.reconciliation.lines.filter { $0.invoiceId == "(no invoice id)" }
        #expect(pending.map(\.currency) == ["GBP", "USD"])
        #expect(pending.map(\.computed.description) == ["332.295911218266897096", "1420.545310364332"])
        #expect(!run.reconciliation.lines.contains { $0.invoiceId.hasPrefix("EA ") })
        // trace lists each currency's rows, summing to its line, and no "EA" line's.
        let month = try MonthFolder.discover(root: folder)
        for line in pending {
            let rows = try ReconcileRunner.trace(
                month: month,
                target: TraceTarget(invoiceId: line.invoiceId, level: .invoice, key: line.key, currency: line.currency),
                config: ReconcileConfig(),
                options: IngestOptions()
            )
            #expect(
                rows.count == line.sourceRows && rows.reduce(Amount.zero) { $0 + $1.cost } == line.computed,
                "\(line.currency)"
            )
        }
        // MCA rows are never on an EA billing period, so trace names the lines they are on.
        #expect {
            _ = try ReconcileRunner.trace(
                month: month,
                target: TraceTarget(invoiceId: "EA 2026-10", level: .invoice, key: "2026-10"),
                config: ReconcileConfig(),
                options: IngestOptions()
            )
        } throws: { error in
            "\(error)".contains("no actual-cost row is on invoice EA 2026-10; the rows are on (no invoice id)")
        }
    }
}

extension ReconcilerTests {
    /// A month that migrates from EA to MCA: the EA export's row and the MCA export's row without
    /// an invoice id share every key field of a line (no section, same product order, service
    /// family, meter, charge type and billing period). The EA row is on "EA 2026-10" (12.50) and
    /// the MCA row is not invoiced yet (7.25); before the rollup keyed on the dataset, both were
    /// summed into one line (19.75), called pending because one of its files had invoice ids. An
    /// EA row without a billing period (3.00) has no EA line to be on: it is not invoiced yet
    /// either (7.25 + 3.00 = 10.25), and `trace` lists it there (it used to leave out every EA
    /// file's rows from that line).
    @Test func eaAndMCARowsSharingAKeyStayOnTheirOwnLines() throws {
        let folder = try Fixtures.temporaryFolder() + "/migration"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let fields =
            "ProductOrderName,ServiceFamily,MeterName,ChargeType,Quantity,EffectivePrice,BillingPeriodStartDate,BillingPeriodEndDate,Date,SubscriptionId"
        let shared =
            "Azure plan,Compute,D2s v3,Usage,1,1,10/01/2026,10/31/2026,10/05/2026,00000000-0000-0000-0000-000000000001"
        let noPeriod = "Azure plan,Compute,D2s v3,Usage,1,1,,,10/06/2026,00000000-0000-0000-0000-000000000001"
        try "\(fields),CostInBillingCurrency,BillingCurrencyCode\n\(shared),12.50,USD\n\(noPeriod),3.00,USD\n"
            .write(toFile: folder + "/ea.csv", atomically: true, encoding: .utf8)
        try "invoiceId,\(fields),costInBillingCurrency,billingCurrency\n,\(shared),7.25,USD\n"
            .write(toFile: folder + "/mca.csv", atomically: true, encoding: .utf8)
        let month = try MonthFolder.discover(root: folder)
        let run = try ReconcileRunner.run(month: month, config: ReconcileConfig(), reject: { _ in })
        let lines = run.reconciliation.lines.filter { $0.level == .invoice }
        #expect(lines.map(\.invoiceId) == ["(no invoice id)", "EA 2026-10"])
        #expect(lines.map(\.computed.description) == ["10.25", "12.5"])
        #expect(lines.map(\.sourceRows) == [2, 1])
        #expect(
            run.reconciliation.notes.contains(
                "no invoices.json: every MCA or FOCUS cost row is reported as not invoiced"
            )
        )
        let traced = try lines.map { line in
            try ReconcileRunner.trace(
                month: month,
                target: TraceTarget(invoiceId: line.invoiceId, level: .invoice, key: line.key),
                config: ReconcileConfig(),
                options: IngestOptions()
            )
        }
        #expect(traced.map { $0.map { "\($0.file):\($0.line)" } } == [["ea.csv:3", "mca.csv:2"], ["ea.csv:2"]])
        #expect(traced.map { $0.reduce(Amount.zero) { $0 + $1.cost }.description } == ["10.25", "12.5"])
    }
}

extension ReconcilerTests {
    /// Rows not invoiced yet whose billing currency is written `usd` in one row and `USD` in
    /// another are one USD line (1.25 + 2.50 = 3.75, 2 rows), not a `usd` line and a `USD` line.
    @Test func rowsNotInvoicedYetAreOneLinePerCurrencyCode() throws {
        let folder = try Fixtures.temporaryFolder() + "/cases"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try
            "invoiceId,date,meterName,chargeType,costInBillingCurrency,billingCurrency\n,10/01/2026,D2,Usage,1.25,usd\n,10/02/2026,D2,Usage,2.50,USD\n"
            .write(toFile: folder + "/mca.csv", atomically: true, encoding: .utf8)
        let run = try ReconcileRunner.run(
            month: try MonthFolder.discover(root: folder),
            config: ReconcileConfig(),
            reject: { _ in }
        )
        let pending = run.reconciliation.lines.filter { $0.invoiceId == Reconciler.noInvoiceId }
        #expect(pending.map(\.currency) == ["USD"])
        #expect(pending.map(\.computed.description) == ["3.75"])
        #expect(pending.map(\.sourceRows) == [2])
        // Not invoiced, as an EA period without a usage summary is; the reason says they are pending.
        #expect(pending.map(\.status) == [.notInvoiced] && pending.map(\.reason) == [.pending])
        // Rows that sum to zero leave nothing to invoice: the line matches and is no exception.
        try
            "invoiceId,date,meterName,chargeType,costInBillingCurrency,billingCurrency\n,10/01/2026,D2,Usage,0,USD\n,10/02/2026,D2,Usage,0.000,USD\n"
            .write(toFile: folder + "/mca.csv", atomically: true, encoding: .utf8)
        let zero = try ReconcileRunner.run(
            month: try MonthFolder.discover(root: folder),
            config: ReconcileConfig(),
            reject: { _ in }
        )
        #expect(zero.reconciliation.lines.filter { $0.invoiceId == Reconciler.noInvoiceId }.map(\.status) == [.matched])
    }
}

@Suite struct TraceTests {
    /// For every line of the fixture's variances, the traced rows sum to its computed column and
    /// count its source_rows: the lineage an auditor can check row by row.
    @Test func tracedRowsAddUpToEveryLine() throws {
        let run = try reconcileMonth("contoso-2026-10")
        let month = try MonthFolder.discover(root: Fixtures.path("contoso-2026-10"))
        for line in run.reconciliation.lines where line.level != .header && line.invoiceId.hasPrefix("G") {
            let rows = try ReconcileRunner.trace(
                month: month,
                target: TraceTarget(invoiceId: line.invoiceId, level: line.level, key: line.key),
                config: ReconcileConfig(),
                options: IngestOptions()
            )
            #expect(rows.count == line.sourceRows, "\(line.invoiceId) \(line.level) \(line.key)")
            #expect(
                rows.reduce(Amount.zero) { $0 + $1.cost } == line.computed,
                "\(line.invoiceId) \(line.level) \(line.key)"
            )
        }
    }

    /// An EA month (the FinOps toolkit's 11-row file, Σ cost 8.5450077867419368 by Python's csv
    /// and decimal) is one line per billing period, "EA 2023-09": a line outside tolerance, not a
    /// roll-up, and trace lists its 11 rows.
    @Test func anEABillingPeriodIsALineAndTraces() throws {
        let folder = try Fixtures.temporaryFolder() + "/ea"
        try FileManager.default.createDirectory(atPath: folder + "/costdetails", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Fixtures.path("realdata/finops-toolkit/test-assets/EA_ActualCost_Small.csv"),
            toPath: folder + "/costdetails/EA_ActualCost_Small.csv"
        )
        let month = try MonthFolder.discover(root: folder)
        let run = try ReconcileRunner.run(month: month, config: ReconcileConfig(), reject: { _ in })
        let line = try #require(run.reconciliation.lines.first)
        #expect(line.invoiceId == "EA 2023-09" && line.computed.description == "8.5450077867419368")
        let count = run.reconciliation.exceptionCount()
        #expect(count.linesAndRules == 1 && count.rollUps == 0)
        let rows = try ReconcileRunner.trace(
            month: month,
            target: TraceTarget(invoiceId: "EA 2023-09", level: .invoice, key: "2023-09"),
            config: ReconcileConfig(),
            options: IngestOptions()
        )
        #expect(rows.count == 11)
        #expect(rows.reduce(Amount.zero) { $0 + $1.cost }.description == "8.5450077867419368")
    }

    /// A mistyped invoice is an error naming the fixture's two invoices; a key with no rows on a
    /// known invoice (the DDoS plan is invoiced with no usage, fixture README) is an empty list.
    @Test func anInvoiceNoRowIsOnIsAnErrorAndAKeyWithoutRowsIsEmpty() throws {
        let month = try MonthFolder.discover(root: Fixtures.path("contoso-2026-10"))
        #expect {
            _ = try ReconcileRunner.trace(
                month: month,
                target: TraceTarget(invoiceId: "G11826493", level: .invoice, key: ""),
                config: ReconcileConfig(),
                options: IngestOptions()
            )
        } throws: { error in
            (error as? IngestError)?.problem
                == "no actual-cost row is on invoice G11826493; the rows are on G118264930, G118264941 (the invoice_id column of variances.csv)"
        }
        let rows = try ReconcileRunner.trace(
            month: month,
            target: TraceTarget(invoiceId: "G118264930", level: .meter, key: "Digital Products|DDoS Protection Plan"),
            config: ReconcileConfig(),
            options: IngestOptions()
        )
        #expect(rows.isEmpty)
    }
}

@Suite struct OtherDatasetReconcileTests {
    /// FOCUS: Σ BilledCost per InvoiceId against the invoice. A hand-made FOCUS 1.2 file: invoice
    /// I-1 has 10.004 + 5.001 = 15.005 on line "Team A|Meter X" (invoiced 15.01) and 2.5 on
    /// "Team A|Meter Y" (invoiced 3.00, over by 0.50).
    @Test func focusReconcilesByInvoiceId() throws {
        let folder = try Fixtures.temporaryFolder()
        let csv = """
            BilledCost,EffectiveCost,BillingCurrency,ChargeCategory,ChargePeriodStart,InvoiceId,x_InvoiceSectionName,x_SkuOrderName,x_SkuServiceFamily,SkuMeter
            10.004,10.004,USD,Usage,2026-10-01T00:00:00Z,I-1,Team A,Azure plan,Compute,Meter X
            5.001,5.001,USD,Usage,2026-10-02T00:00:00Z,I-1,Team A,Azure plan,Compute,Meter X
            2.5,2.5,USD,Usage,2026-10-02T00:00:00Z,I-1,Team A,Azure plan,Storage,Meter Y

            """
        try FileManager.default.createDirectory(atPath: folder + "/costdetails", withIntermediateDirectories: true)
        try Data(csv.utf8).write(to: URL(fileURLWithPath: folder + "/costdetails/focus.csv"))
        let invoices = """
            {"value": [{"name": "I-1", "type": "Microsoft.Billing/billingAccounts/invoices", "properties": {
              "billedAmount": {"currency": "USD", "value": 18.01}, "subTotal": {"currency": "USD", "value": 18.01},
              "taxAmount": {"currency": "USD", "value": 0}, "totalAmount": {"currency": "USD", "value": 18.01}}}]}
            """
        try Data(invoices.utf8).write(to: URL(fileURLWithPath: folder + "/invoices.json"))
        try FileManager.default.createDirectory(atPath: folder + "/transactions", withIntermediateDirectories: true)
        func line(_ meter: String, _ family: String, _ amount: String) -> String {
            """
            {"name": "\(meter)", "type": "Microsoft.Billing/billingAccounts/billingProfiles/transactions", "properties": {
              "invoice": "I-1", "invoiceSectionDisplayName": "Team A", "azurePlan": "Azure plan", "productFamily": "\(family)",
              "productDescription": "\(meter)", "subTotal": {"currency": "USD", "value": \(amount)}, "tax": {"currency": "USD", "value": 0}}}
            """
        }
        try Data("{\"value\": [\(line("Meter X", "Compute", "15.01")), \(line("Meter Y", "Storage", "3.00"))]}".utf8)
            .write(to: URL(fileURLWithPath: folder + "/transactions/I-1.json"))
        let month = try MonthFolder.discover(root: folder)
        let run = try ReconcileRunner.run(month: month, config: ReconcileConfig(), reject: { _ in })
        let lines = run.reconciliation.lines.filter { $0.level == .meter }
        #expect(
            lines.map { "\($0.key) \($0.status.rawValue) \($0.variance)" } == [
                "Team A|Meter X within_tolerance 0.005", "Team A|Meter Y over_invoiced 0.5",
            ]
        )
        #expect(run.files.first?.schema.kind == .focus)
    }

    /// EA: no invoice ids, so Σ cost per billing period against total usage + Marketplace from the
    /// usage summary. EA_ActualCost_Small.csv sums to 8.5450077867419368 (Python decimal); a usage
    /// summary of 8.55 is within rounding; a reservation refund of −1.00 in the same month is added
    /// to the computed side.
    @Test func eaReconcilesByBillingPeriod() throws {
        let folder = try Fixtures.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/costdetails", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Fixtures.path("realdata/finops-toolkit/test-assets/EA_ActualCost_Small.csv"),
            toPath: folder + "/costdetails/EA_ActualCost_Small.csv"
        )
        let balance = """
            {"id": "b", "name": "balanceId1", "type": "Microsoft.Consumption/balances", "properties": {
              "currency": "USD  ", "beginningBalance": 100, "endingBalance": 92.45, "utilized": 8.55, "totalUsage": 7.55,
              "azureMarketplaceServiceCharges": 0}}
            """
        try Data(balance.utf8).write(to: URL(fileURLWithPath: folder + "/balances.json"))
        let refunds = """
            {"value": [{"id": "r", "name": "r", "type": "Microsoft.Consumption/reservationTransactions", "tags": [], "properties": {
              "eventType": "Refund", "amount": -1.00, "currency": "USD", "billingMonth": 20230901}}]}
            """
        try Data(refunds.utf8).write(to: URL(fileURLWithPath: folder + "/reservation-transactions.json"))
        let month = try MonthFolder.discover(root: folder)
        let run = try ReconcileRunner.run(month: month, config: ReconcileConfig(), reject: { _ in })
        let line = try #require(run.reconciliation.lines.first { $0.level == .invoice })
        #expect(run.reconciliation.lines.filter { $0.level == .invoice }.count == 1)
        // The summary's own arithmetic is a header rule: 100 − 8.55 is 91.45, not 92.45; the
        // rules it lacks figures for (no overage) are named in a note.
        #expect(
            run.reconciliation.lines.filter { $0.level == .header }
                .map { "\($0.key) \($0.status.rawValue) \($0.variance)" } == [
                    "ending_balance_follows_from_parts header_mismatch 1"
                ]
        )
        #expect(line.invoiceId == "EA 2023-09")
        #expect(line.computed.description == "7.5450077867419368")
        #expect(line.invoiced.description == "7.55")
        #expect(line.status == .withinTolerance)
    }
}

extension ReconcilerTests {
    /// Two EA billing periods, each with EA_ActualCost_Small.csv's rows (Σ 8.5450077867419368,
    /// Python decimal; the October copy has its dates moved a month on). A usage summary is
    /// matched to the period its id names (`billingPeriods/202309`), never to another month's:
    /// with September's alone, October has none and is not invoiced; with both, each period is
    /// compared with its own (8.55 → within tolerance; 8.60 → over by 0.0549922132580632).
    @Test func eaUsageSummariesAreMatchedToTheirBillingPeriod() throws {
        let folder = try Fixtures.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/costdetails", withIntermediateDirectories: true)
        let september = String(
            decoding: try FileSystem.read(Fixtures.path("realdata/finops-toolkit/test-assets/EA_ActualCost_Small.csv")),
            as: UTF8.self
        )
        let october = september.replacing(/09\/(\d\d)\/2023/) { "10/\($0.1)/2023" }
        try september.write(toFile: folder + "/costdetails/ea-2023-09.csv", atomically: true, encoding: .utf8)
        try october.write(toFile: folder + "/costdetails/ea-2023-10.csv", atomically: true, encoding: .utf8)
        func balance(_ period: String, _ usage: String) -> String {
            """
            {"id": "/providers/Microsoft.Billing/billingAccounts/1/providers/Microsoft.Billing/billingPeriods/\(period)/providers/Microsoft.Consumption/balances/b",
             "name": "b", "type": "Microsoft.Consumption/balances", "properties": {"currency": "USD  ", "totalUsage": \(usage), "azureMarketplaceServiceCharges": 0}}
            """
        }
        func lines(_ balances: [String]) throws -> [String] {
            try Data("{\"value\": [\(balances.joined(separator: ","))]}".utf8)
                .write(to: URL(fileURLWithPath: folder + "/balances.json"))
            let run = try ReconcileRunner.run(
                month: try MonthFolder.discover(root: folder),
                config: ReconcileConfig(),
                reject: { _ in }
            )
            return run.reconciliation.lines.map {
                "\($0.invoiceId) \($0.computed) \($0.invoiced) \($0.status.rawValue) \($0.variance)"
            }
        }
        #expect(
            try lines([balance("202309", "8.55")]) == [
                "EA 2023-09 8.5450077867419368 8.55 within_tolerance 0.0049922132580632",
                "EA 2023-10 8.5450077867419368 0 not_invoiced -8.5450077867419368",
            ]
        )
        #expect(
            try lines([balance("202309", "8.55"), balance("202310", "8.60")]) == [
                "EA 2023-09 8.5450077867419368 8.55 within_tolerance 0.0049922132580632",
                "EA 2023-10 8.5450077867419368 8.6 over_invoiced 0.0549922132580632",
            ]
        )
        try Data("{\"value\": [\(balance("202309", "8.55"))]}".utf8)
            .write(to: URL(fileURLWithPath: folder + "/balances.json"))
        let notes =
            try ReconcileRunner.run(
                month: try MonthFolder.discover(root: folder),
                config: ReconcileConfig(),
                reject: { _ in }
            )
            .reconciliation.notes
        #expect(
            notes.contains {
                $0.contains(
                    "billing period 2023-10: no usage summary (balances.json) for this billing period in USD (the usage summaries are for 2023-09)"
                )
            }
        )
        // EA rows are compared with balances.json: a missing invoices.json is no news here.
        #expect(!notes.contains { $0.contains("no invoices.json") })
        // A billing period is compared as one line, so it gets a line's reason: a reservation
        // refund of −1.00 in October (8.60 against 7.5450077867419368) is the reason there.
        try Data("{\"value\": [\(balance("202309", "8.55")), \(balance("202310", "8.60"))]}".utf8)
            .write(to: URL(fileURLWithPath: folder + "/balances.json"))
        let refund = """
            {"value": [{"id": "r", "name": "r", "type": "Microsoft.Consumption/reservationTransactions", "tags": [], "properties": {
              "eventType": "Refund", "amount": -1.00, "currency": "USD", "billingMonth": 20231001}}]}
            """
        try Data(refund.utf8).write(to: URL(fileURLWithPath: folder + "/reservation-transactions.json"))
        let refunded = try ReconcileRunner.run(
            month: try MonthFolder.discover(root: folder),
            config: ReconcileConfig(),
            reject: { _ in }
        )
        #expect(
            refunded.reconciliation.lines.map { "\($0.invoiceId) \($0.status.rawValue) \($0.reason?.rawValue ?? "-")" }
                == ["EA 2023-09 within_tolerance rounding", "EA 2023-10 over_invoiced refund"]
        )
        // A summary that names no period, with two periods of cost rows: neither takes it, and
        // the note says why.
        let unnamed = """
            {"id": "b", "name": "b", "type": "Microsoft.Consumption/balances", "properties": {"currency": "USD", "totalUsage": 8.55}}
            """
        try Data("{\"value\": [\(unnamed)]}".utf8).write(to: URL(fileURLWithPath: folder + "/balances.json"))
        let ambiguous =
            try ReconcileRunner.run(
                month: try MonthFolder.discover(root: folder),
                config: ReconcileConfig(),
                reject: { _ in }
            )
            .reconciliation
        #expect(ambiguous.lines.map(\.status) == [.notInvoiced, .notInvoiced])
        #expect(
            ambiguous.notes.contains {
                $0.contains("names no billing period, and with 2 billing period(s) of cost rows and 1 summaries in USD")
            }
        )
    }
}

extension ReconcilerTests {
    /// FOCUS `Adjustment` rows (any adjustment; Microsoft writes its rounding there too) are on
    /// the meter level's adjustment line, as `RoundingAdjustment` rows are, and `trace` lists them
    /// there (it looked for `RoundingAdjustment` only and found none). 0.192 + 0.08 = 0.272 is more
    /// than half a cent per line, so it is not called rounding.
    @Test func adjustmentRowsAreTracedOnTheAdjustmentLine() throws {
        let folder = try Fixtures.temporaryFolder() + "/focus"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let period = "2024-09-01,2024-10-01"
        try """
        InvoiceId,BillingCurrency,ChargePeriodStart,ChargePeriodEnd,BillingPeriodStart,BillingPeriodEnd,ChargeCategory,SkuMeter,BilledCost,EffectiveCost
        INV-1,USD,2024-09-01,2024-09-02,\(period),Usage,Compute Hours,10.00,10.00
        INV-1,USD,2024-09-03,2024-09-04,\(period),Adjustment,,0.192,0.192
        INV-1,USD,2024-09-05,2024-09-06,\(period),Adjustment,,0.08,0.08

        """
        .write(toFile: folder + "/focus.csv", atomically: true, encoding: .utf8)
        let month = try MonthFolder.discover(root: folder)
        let run = try ReconcileRunner.run(month: month, config: ReconcileConfig(), reject: { _ in })
        let line = try #require(
            run.reconciliation.lines.first { $0.level == .meter && $0.key == "(rounding adjustment)" }
        )
        #expect(line.computed.description == "0.272" && line.sourceRows == 2)
        #expect(line.reason == nil)
        let rows = try ReconcileRunner.trace(
            month: month,
            target: TraceTarget(invoiceId: "INV-1", level: .meter, key: line.key),
            config: ReconcileConfig(),
            options: IngestOptions()
        )
        #expect(rows.map(\.line) == [3, 4])
        #expect(rows.reduce(Amount.zero) { $0 + $1.cost } == line.computed)
    }
}

extension ReconcilerTests {
    /// The export folder given where the month folder belongs: every row is not invoiced, and the
    /// note says where invoices.json is and which folder to give.
    @Test func anExportFolderGivenAsTheMonthPointsToTheMonthFolder() throws {
        let month = Fixtures.path("contoso-2026-10")
        let run = try ReconcileRunner.run(
            month: try MonthFolder.discover(root: month + "/costdetails"),
            config: ReconcileConfig(),
            reject: { _ in }
        )
        let parent = URL(fileURLWithPath: month).standardizedFileURL.path
        #expect(
            run.reconciliation.notes.contains {
                $0.hasSuffix(
                    "\(parent)/invoices.json is in the folder above: give the month folder, \(parent), not a folder inside it"
                )
            }
        )
    }
}

@Suite struct ReconcileGoldenTests {
    @Test func fixtureOutputsMatchTheGoldenFiles() throws {
        let run = try reconcileMonth("contoso-2026-10")
        try Golden.check(
            ReconciliationCSV.variances(run.reconciliation),
            against: "expected/contoso-2026-10/reconcile/variances.csv"
        )
        try Golden.check(
            ReconciliationCSV.priceSheetFindings(run.reconciliation),
            against: "expected/contoso-2026-10/reconcile/price-sheet-findings.csv"
        )
        try Golden.check(
            ReconciliationCSV.flaggedRows(run.reconciliation),
            against: "expected/contoso-2026-10/reconcile/price-flagged-rows.csv"
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let json = String(decoding: try encoder.encode(ReconciliationSummary(run)), as: UTF8.self) + "\n"
        try Golden.check(json, against: "expected/contoso-2026-10/reconcile/reconciliation.json")
    }

    /// variances.csv read back by Python's csv module (an independent reader): every row has the
    /// documented columns and variance = invoiced − computed in exact decimals.
    @Test func pythonReadsVariancesBack() throws {
        let run = try reconcileMonth("contoso-2026-10")
        let folder = try Fixtures.temporaryFolder()
        let path = folder + "/variances.csv"
        try Data(ReconciliationCSV.variances(run.reconciliation).utf8).write(to: URL(fileURLWithPath: path))
        let script = """
            import csv, sys
            from decimal import Decimal
            rows = list(csv.DictReader(open(sys.argv[1], newline='')))
            assert list(rows[0].keys()) == sys.argv[2].split(','), rows[0].keys()
            for r in rows:
                assert Decimal(r['variance']) == Decimal(r['invoiced']) - Decimal(r['computed']), r
            print(len(rows))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, path, ReconciliationCSV.varianceColumns.joined(separator: ",")]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == String(run.reconciliation.lines.count))
    }
}

@Suite struct ConfigNodeTests {
    @Test(arguments: ["10/20/2026", "2026-1-01", "2026-02-30", "20261020", "tomorrow"]) func configDatesMustBeISO(
        text: String
    ) throws {
        let node = try ConfigNode.parse("when: \"\(text)\"\n", file: "x.yaml")
        #expect(throws: ConfigError.self) { try #require(node["when"]).day() }
    }

    @Test func anISODateReads() throws {
        let node = try ConfigNode.parse("when: 2026-10-20\n", file: "x.yaml")
        #expect(try #require(node["when"]).day().description == "2026-10-20")
    }
}

extension ReconcilerTests {
    /// An EA usage summary is accounted for whatever the cost rows hold. EA_ActualCost_Small.csv
    /// (Σ 8.5450077867419368, Python decimal) against September's summary, whose figures add up
    /// (100 + 0 + 0 − 8.55 = 91.45; overage 0 + 0; usage 8.55 + 0): three matched header rules and
    /// the period within rounding. October's summary (5,000.00 billed) has no cost rows: it is
    /// missing usage, never dropped, and its ending balance (92.70 stated, 91.45 − 91.45 = 0 derived)
    /// is a header mismatch. A refund of a period on no line (2023-11) and a price sheet in EUR
    /// for USD rows are named in notes instead of vanishing.
    @Test func eaUsageSummariesAreCheckedAndNeverDropped() throws {
        let folder = try Fixtures.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder + "/costdetails", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Fixtures.path("realdata/finops-toolkit/test-assets/EA_ActualCost_Small.csv"),
            toPath: folder + "/costdetails/EA_ActualCost_Small.csv"
        )
        func balance(_ period: String, _ figures: String) -> String {
            """
            {"id": "/providers/Microsoft.Billing/billingAccounts/1/providers/Microsoft.Billing/billingPeriods/\(period)/providers/Microsoft.Consumption/balances/b",
             "name": "b", "type": "Microsoft.Consumption/balances", "properties": {"currency": "USD  ", \(figures)}}
            """
        }
        let september = balance(
            "202309",
            """
            "beginningBalance": 100, "newPurchases": 0, "adjustments": 0, "utilized": 8.55, "endingBalance": 91.45,
            "serviceOverage": 0, "chargesBilledSeparately": 0, "totalOverage": 0, "totalUsage": 8.55,
            "azureMarketplaceServiceCharges": 0
            """
        )
        let october = balance(
            "202310",
            """
            "beginningBalance": 91.45, "utilized": 91.45, "endingBalance": 92.70, "serviceOverage": 4908.55,
            "chargesBilledSeparately": 0, "totalOverage": 4908.55, "totalUsage": 5000, "azureMarketplaceServiceCharges": 0
            """
        )
        try Data("{\"value\": [\(september), \(october)]}".utf8)
            .write(to: URL(fileURLWithPath: folder + "/balances.json"))
        let refunds = """
            {"value": [{"id": "r", "name": "r", "type": "Microsoft.Consumption/reservationTransactions", "tags": [], "properties": {
              "eventType": "Refund", "amount": -1.25, "currency": "USD", "billingMonth": 20231101}}]}
            """
        try Data(refunds.utf8).write(to: URL(fileURLWithPath: folder + "/reservation-transactions.json"))
        // The D2 v3 meter (charged 0.11 per hour) at 0.10 in EUR: not the same money, not compared.
        try """
        EnrollmentNumber,MeterID,MeterName,UnitOfMeasure,UnitPrice,CurrencyCode,PriceType
        123456,ec8c7b49-9790-4261-b46f-293dabb53fd9,D2 v3/D2s v3,1 Hour,0.10,EUR,Consumption

        """
        .write(toFile: folder + "/pricesheet.csv", atomically: true, encoding: .utf8)
        let run = try ReconcileRunner.run(
            month: try MonthFolder.discover(root: folder),
            config: ReconcileConfig(),
            reject: { _ in }
        )
        #expect(
            run.reconciliation.lines.map {
                "\($0.invoiceId) \($0.level.rawValue) \($0.key) \($0.invoiced) \($0.computed) \($0.status.rawValue)"
            } == [
                "EA 2023-09 header ending_balance_follows_from_parts 91.45 91.45 matched",
                "EA 2023-09 header total_overage_equals_parts 0 0 matched",
                "EA 2023-09 header total_usage_equals_parts 8.55 8.55 matched",
                "EA 2023-09 invoice 2023-09 8.55 8.5450077867419368 within_tolerance",
                "EA 2023-10 header ending_balance_follows_from_parts 92.7 0 header_mismatch",
                "EA 2023-10 header total_overage_equals_parts 4908.55 4908.55 matched",
                "EA 2023-10 header total_usage_equals_parts 5000 5000 matched",
                "EA 2023-10 invoice 2023-10 5000 0 missing_usage",
            ]
        )
        let notes = run.reconciliation.notes
        #expect(
            notes.contains { $0.contains("reservation refunds -1.25 USD in billing period 2023-11 are not compared") }
        )
        #expect(
            notes.contains {
                $0.contains("1 meter(s) of the USD cost rows are priced in the price sheet only in EUR, not in USD")
            }
        )
        #expect(run.reconciliation.priceSheetFindings.isEmpty)
    }
}
