/// The fields of a cost row that place it on the invoice, as interned ids.
public struct InvoiceLineKey: Hashable, Sendable, MixHashable {
    /// `invoiceId` (MCA), `InvoiceId` (FOCUS); 0 for EA, which has none.
    public var invoice: UInt32
    /// The billing currency.
    public var currency: UInt32
    /// The invoice section's name.
    public var sectionName: UInt32
    /// The invoice section's id.
    public var sectionId: UInt32
    /// The product order name.
    public var productOrder: UInt32
    /// The service family.
    public var serviceFamily: UInt32
    /// The meter name, or the product name when the row has no meter name.
    public var meter: UInt32
    /// Usage, purchase, refund, rounding adjustment.
    public var kind: ChargeKind
    /// `previousInvoiceId` (refunds and corrections of an earlier invoice).
    public var previousInvoice: UInt32
    /// The first day of the billing period (EA reconciles by billing period).
    public var billingPeriodStart: Day?

    /// The fields mixed into one word (``FieldMix``): the hash ``RollupTable`` uses.
    public var mix: UInt64 {
        var mix = FieldMix()
        mix.add(invoice, currency)
        mix.add(sectionName, sectionId)
        mix.add(productOrder, serviceFamily)
        mix.add(meter, previousInvoice)
        mix.add(UInt32(kind.rawValue), billingPeriodStart.map { UInt32(bitPattern: $0.daysSinceEpoch) } ?? 0xFFFF_FFFF)
        return mix.value
    }
}

extension InvoiceLineKey {
    /// The text of one line-key field, as reconciliation groups it: the section by name, or by the
    /// last segment of its id when the row has no name. Used by ``Reconciler`` and by `trace`, so
    /// both group rows the same way.
    func field(_ field: LineKeyField, text: (UInt32) -> String) -> String {
        switch field {
        case .invoiceSection:
            let name = text(sectionName)
            return name.isEmpty ? Builder.lastSegment(text(sectionId)) : name
        case .productOrder: return text(productOrder)
        case .serviceFamily: return text(serviceFamily)
        case .meter: return text(meter)
        }
    }
}

/// Sums of the cost rows of one ``InvoiceLineKey``, with their lineage.
public struct InvoiceLineSums: Sendable {
    /// Σ actual cost.
    public var cost = Amount.zero
    /// Rows summed.
    public var rows = 0
    /// Rows whose quantity × effective price differs from their cost beyond the tolerance.
    public var priceFlags = 0
    /// Indices of the files the rows came from, sorted.
    public var files: [Int] = []

    mutating func addFile(_ index: Int) {
        if files.last != index && !files.contains(index) {
            files.append(index)
            files.sort()
        }
    }

    /// Adds rows of one file.
    mutating func add(cost: Amount, rows: Int, priceFlags: Int, file: Int) {
        self.cost += cost
        self.rows += rows
        self.priceFlags += priceFlags
        addFile(file)
    }

    /// Adds another key's sums (a range's, a file's).
    mutating func add(_ other: InvoiceLineSums) {
        cost += other.cost
        rows += other.rows
        priceFlags += other.priceFlags
        for file in other.files { addFile(file) }
    }
}

/// A row whose cost does not match quantity × effective price.
public struct PriceFlaggedRow: Hashable, Sendable {
    /// The file index in the plan.
    public var fileIndex: Int
    /// The row's line.
    public var line: Int
    /// The meter (name or product).
    public var meter: UInt32
    /// The quantity.
    public var quantity: Amount
    /// The effective price.
    public var effectivePrice: Amount
    /// The cost as written.
    public var cost: Amount
    /// quantity × effectivePrice.
    public var expected: Amount
}

/// Sums of usage per meter and price, for the comparison with the price sheet.
public struct MeterPriceKey: Hashable, Sendable, MixHashable {
    /// The meter id (lower-cased).
    public var meterId: UInt32
    /// The meter name.
    public var meterName: UInt32
    /// The unit of measure as written on the cost rows.
    public var unitOfMeasure: UInt32
    /// The effective price per block.
    public var effectivePrice: Amount
    /// The billing currency.
    public var currency: UInt32

    /// The fields mixed into one word (``FieldMix``): the hash ``RollupTable`` uses.
    public var mix: UInt64 {
        var mix = FieldMix()
        mix.add(meterId, meterName)
        mix.add(unitOfMeasure, currency)
        mix.add(UInt64(truncatingIfNeeded: effectivePrice.units))
        mix.add(UInt64(truncatingIfNeeded: effectivePrice.units >> 64))
        return mix.value
    }
}

/// The usage of one ``MeterPriceKey``.
public struct MeterUsage: Sendable {
    /// Σ quantity.
    public var quantity = Amount.zero
    /// Σ cost.
    public var cost = Amount.zero
    /// Rows summed.
    public var rows = 0

    mutating func add(quantity: Amount, cost: Amount, rows: Int) {
        self.quantity += quantity
        self.cost += cost
        self.rows += rows
    }
}

/// Rolls actual cost rows up by invoice line key for reconciliation, in one pass.
///
/// Azure cost-allocation rows are filtered (they move cost between resources and never reach the
/// invoice). Each row is also checked: `quantity × effectivePrice` against its cost (rows covered by
/// a reservation or savings plan, purchases, refunds and rounding rows are not priced per unit),
/// and its usage is summed per meter and price for the price-sheet comparison. Memory grows with
/// distinct line keys and meter prices; at most ``flagLimit`` flagged rows are kept as examples.
public struct InvoiceRollupSink: MergeableSink {
    /// Sums per line key.
    public var lines = RollupTable<InvoiceLineKey, InvoiceLineSums>()
    /// Usage per meter and price.
    public var meterPrices = RollupTable<MeterPriceKey, MeterUsage>()
    /// Example rows whose cost does not match quantity × effective price.
    public var flaggedRows: [PriceFlaggedRow] = []
    /// All rows flagged, kept or not.
    public var flaggedCount = 0
    /// The charge days and billing periods of the rows.
    public private(set) var coverage = DateCoverage()
    /// Billing periods seen (inclusive).
    public var billingPeriods: Set<ClosedRange<Day>> { coverage.periods }
    /// Billing account names seen.
    var billingAccounts = IDSet()
    /// The relative gap that flags a row.
    public var rowPriceRelative = Amount(minorUnits: 1, scale: 2)
    /// How many flagged rows are kept as examples.
    public static let flagLimit = 10_000

    var known: KnownCharges?

    /// Creates an empty sink with the default row price tolerance.
    public init() {}

    /// The columns the invoice rollups key on (decoded for every row).
    public var keyColumns: [CostColumn] {
        [
            .invoiceId, .previousInvoiceId, .billingCurrency, .invoiceSectionName, .invoiceSectionId, .productOrderName,
            .serviceFamily, .meterName, .productName, .meterId, .unitOfMeasure, .chargeType, .pricingModel,
            .costAllocationRuleName, .billingAccountName,
        ]
    }

    /// Adds a row's actual cost to its invoice, section, product and meter sums; returns why the row is filtered, or nil when it is used.
    public mutating func add(_ record: CostRecord, pool: StringPool) -> String? {
        if record.isCostAllocation { return FilterReason.costAllocation }
        if known == nil { known = KnownCharges(pool: pool) }
        let charges = known ?? KnownCharges(pool: pool)
        let cost = record.billedCost ?? record.cost ?? .zero
        let kind = charges.kind(of: record[.chargeType])
        let key = InvoiceLineKey(record, kind: kind, billingPeriodStart: record.eaBillingPeriodStart)
        coverage.add(record)
        if record[.billingAccountName] != 0 { billingAccounts.insert(record[.billingAccountName]) }
        // Each sum is updated in place, with one hash lookup per row and table.
        var flagged = false
        let committed = record[.pricingModel] == charges.reservation || record[.pricingModel] == charges.savingsPlan
        if kind == .usage, !committed, let quantity = record.quantity, let price = record.effectivePrice {
            if let expected = quantity.multiplied(by: price) {
                let gap = (expected - cost).magnitude
                let allowed = rowPriceRelative.multiplied(by: cost.magnitude) ?? .zero
                // A row under a cent either way is display rounding, not a price.
                if gap > allowed && gap >= Amount(minorUnits: 1, scale: 2) {
                    flagged = true
                    flaggedCount += 1
                    if flaggedRows.count < InvoiceRollupSink.flagLimit {
                        flaggedRows.append(
                            PriceFlaggedRow(
                                fileIndex: record.fileIndex,
                                line: record.line,
                                meter: key.meter,
                                quantity: quantity,
                                effectivePrice: price,
                                cost: cost,
                                expected: expected
                            )
                        )
                    }
                }
            }
            if record[.meterId] != 0 {
                let priceKey = MeterPriceKey(
                    meterId: record[.meterId],
                    meterName: key.meter,
                    unitOfMeasure: record[.unitOfMeasure],
                    effectivePrice: price,
                    currency: record[.billingCurrency]
                )
                meterPrices.update(priceKey, initial: MeterUsage()) { $0.add(quantity: quantity, cost: cost, rows: 1) }
            }
        }
        lines.update(key, initial: InvoiceLineSums()) {
            $0.add(cost: cost, rows: 1, priceFlags: flagged ? 1 : 0, file: record.fileIndex)
        }
        return nil
    }

    /// Adds another range's sums to these, its string ids mapped by `remap` and its line numbers shifted by `lineShift`.
    public mutating func merge(_ other: InvoiceRollupSink, remap: IDRemap, lineShift: Int) {
        for (key, sums) in other.lines {
            var mapped = key
            mapped.invoice = remap[key.invoice]
            mapped.currency = remap[key.currency]
            mapped.sectionName = remap[key.sectionName]
            mapped.sectionId = remap[key.sectionId]
            mapped.productOrder = remap[key.productOrder]
            mapped.serviceFamily = remap[key.serviceFamily]
            mapped.meter = remap[key.meter]
            mapped.previousInvoice = remap[key.previousInvoice]
            lines.update(mapped, initial: InvoiceLineSums()) { $0.add(sums) }
        }
        for (key, entry) in other.meterPrices {
            let mapped = MeterPriceKey(
                meterId: remap[key.meterId],
                meterName: remap[key.meterName],
                unitOfMeasure: remap[key.unitOfMeasure],
                effectivePrice: key.effectivePrice,
                currency: remap[key.currency]
            )
            meterPrices.update(mapped, initial: MeterUsage()) {
                $0.add(quantity: entry.quantity, cost: entry.cost, rows: entry.rows)
            }
        }
        coverage.merge(other.coverage)
        billingAccounts.merge(other.billingAccounts, remap: remap)
        flaggedCount += other.flaggedCount
        for var row in other.flaggedRows where flaggedRows.count < InvoiceRollupSink.flagLimit {
            row.meter = remap[row.meter]
            row.line += lineShift
            flaggedRows.append(row)
        }
        rowPriceRelative = other.rowPriceRelative
    }
}

extension CostRecord {
    /// The billing period an EA row reconciles by, as EA data has no invoice ids; nil for every
    /// other row. An MCA or FOCUS row without an invoice id is not invoiced yet, even when it shares
    /// every other key field with an EA row (a month that migrates from EA to MCA has both).
    var eaBillingPeriodStart: Day? {
        dataset.hasInvoiceIds || keys[CostColumn.invoiceId.rawValue] != 0 ? nil : billingPeriodStart
    }
}

extension InvoiceLineKey {
    /// The key of a cost row's invoice line: one rule for the rollups and for `trace`, so a trace
    /// lists exactly the rows a line sums.
    /// - Parameters:
    ///   - record: the cost row.
    ///   - kind: the row's charge kind, as the line groups it.
    ///   - billingPeriodStart: the EA billing period, or nil where the invoice id decides.
    init(_ record: CostRecord, kind: ChargeKind, billingPeriodStart: Day?) {
        self.init(
            invoice: record[.invoiceId],
            currency: record[.billingCurrency],
            sectionName: record[.invoiceSectionName],
            sectionId: record[.invoiceSectionId],
            productOrder: record[.productOrderName],
            serviceFamily: record[.serviceFamily],
            meter: InvoiceLineKey.meter(of: record),
            kind: kind,
            previousInvoice: record[.previousInvoiceId],
            billingPeriodStart: billingPeriodStart
        )
    }

    /// The row's meter name, or its product name when it has no meter name.
    static func meter(of record: CostRecord) -> UInt32 {
        record[.meterName] != 0 ? record[.meterName] : record[.productName]
    }
}
