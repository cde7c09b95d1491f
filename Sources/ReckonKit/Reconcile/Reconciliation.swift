/// How a compared line came out.
public enum VarianceStatus: String, Sendable, Codable, CaseIterable {
    /// Invoiced equals computed, to the last digit.
    case matched
    /// They differ, but by no more than the tolerance.
    case withinTolerance = "within_tolerance"
    /// Invoiced is more than computed, beyond the tolerance.
    case overInvoiced = "over_invoiced"
    /// Invoiced is less than computed, beyond the tolerance.
    case underInvoiced = "under_invoiced"
    /// An invoice line (or invoice) with no cost rows behind it.
    case missingUsage = "missing_usage"
    /// Cost rows with no invoice line (or invoice) for them.
    case notInvoiced = "not_invoiced"
    /// One of an invoice's own totals does not follow from the others (one row per failed rule).
    case headerMismatch = "header_mismatch"

    /// Whether the line needs a person to look at it.
    public var isException: Bool {
        switch self {
        case .matched, .withinTolerance: return false
        default: return true
        }
    }
}

/// Why a line differs, where Reckon can tell.
public enum VarianceReason: String, Sendable, Codable, CaseIterable {
    /// Less than one minor unit: rounding of the invoice line, or a rounding-adjustment row.
    case rounding
    /// Tax, which cost details do not carry.
    case tax
    /// Azure credit or free credit, applied on the invoice only.
    case credit
    /// Azure prepayment (commitment) applied on the invoice only.
    case prepayment
    /// A refund of a purchase on an earlier invoice (`previousInvoiceId`).
    case refund
    /// A charge for an earlier period, billed on this invoice.
    case lateCharge = "late_charge"
    /// Input read twice (a duplicate file or run) and skipped.
    case duplicate
    /// Rows whose cost does not match quantity × effective price.
    case price
    /// Charges not invoiced yet (no invoice id).
    case pending
}

/// One compared line: the documented contract of `variances.csv`.
public struct VarianceLine: Hashable, Sendable, Codable {
    /// The invoice (its name, e.g. `G118264930`), or the billing period for EA.
    public var invoiceId: String
    /// The level compared.
    public var level: ReconcileLevel
    /// The line's key within its level, `|`-separated (`Digital Products|Azure plan|Compute|D4s v5`),
    /// or the header rule's name.
    public var key: String
    /// Words for people.
    public var description: String
    /// The currency.
    public var currency: String
    /// The invoiced amount.
    public var invoiced: Amount
    /// The amount computed from the cost rows.
    public var computed: Amount
    /// invoiced − computed.
    public var variance: Amount
    /// variance ÷ |invoiced| × 100, or `nil` when nothing was invoiced.
    public var variancePercent: Amount?
    /// The allowed difference (the stricter of the level's absolute and relative tolerance).
    public var tolerance: Amount
    /// The outcome.
    public var status: VarianceStatus
    /// Why, where known.
    public var reason: VarianceReason?
    /// Cost rows behind the computed amount.
    public var sourceRows: Int
    /// The files those rows came from.
    public var sourceFiles: [String]
    /// Invoice lines (transactions) behind the invoiced amount.
    public var invoiceLines: Int
}

/// A meter whose effective price is above the price sheet's, after normalising both units of measure.
public struct PriceSheetFinding: Hashable, Sendable, Codable {
    /// The meter id.
    public var meterId: String
    /// The meter name.
    public var meterName: String
    /// The currency.
    public var currency: String
    /// The unit of measure on the cost rows, and the price sheet's.
    public var costUnit: String
    /// The price sheet's unit of measure.
    public var sheetUnit: String
    /// Effective price per single unit on the cost rows.
    public var chargedPerUnit: Amount
    /// Price-sheet price per single unit.
    public var sheetPerUnit: Amount
    /// Units consumed at that price (quantity × block size).
    public var units: Amount
    /// (charged − sheet) × units.
    public var overcharge: Amount
    /// Cost rows.
    public var rows: Int
}

/// A row whose cost differs from quantity × effective price, with its place in the input.
public struct FlaggedRow: Hashable, Sendable, Codable {
    /// The file.
    public var file: String
    /// The line.
    public var line: Int
    /// The meter.
    public var meter: String
    /// The quantity.
    public var quantity: Amount
    /// The effective price.
    public var effectivePrice: Amount
    /// The cost written.
    public var cost: Amount
    /// quantity × effectivePrice.
    public var expected: Amount
}

/// The bridge from an invoice's usage total to what is due: each reconciling item on its own line.
public struct InvoiceBridge: Hashable, Sendable, Codable {
    /// The invoice.
    public var invoiceId: String
    /// The billing profile's name.
    public var billingProfile: String?
    /// The currency.
    public var currency: String
    /// Invoice status as written (`Due`, `Paid`, `PastDue` …).
    public var status: String?
    /// Σ cost rows (actual, without cost-allocation rows).
    public var computedCharges: Amount
    /// The invoice's pre-tax subtotal (`subTotal`, else `billedAmount`).
    public var invoicedCharges: Amount?
    /// `taxAmount`.
    public var tax: Amount?
    /// `azurePrepaymentApplied`.
    public var prepayment: Amount?
    /// `creditAmount`.
    public var credit: Amount?
    /// `freeAzureCreditApplied`.
    public var freeCredit: Amount?
    /// `totalAmount`.
    public var total: Amount?
    /// `amountDue`.
    public var amountDue: Amount?
    /// Whether tax is computed on the subtotal (`specialTaxationType: SubtotalLevel`).
    public var subtotalLevelTax: Bool
}

/// The result of reconciliation: every compared line, the price findings, and the bridges.
public struct Reconciliation: Sendable, Codable {
    /// Every compared line, sorted by invoice, level and key.
    public var lines: [VarianceLine]
    /// One bridge per invoice.
    public var bridges: [InvoiceBridge]
    /// Meters charged above the price sheet.
    public var priceSheetFindings: [PriceSheetFinding]
    /// Rows whose cost is not quantity × effective price (at most 10,000 kept).
    public var flaggedRows: [FlaggedRow]
    /// All rows flagged.
    public var flaggedRowCount: Int
    /// What was skipped or assumed, and why.
    public var notes: [String]
    /// The billing periods of the cost rows (inclusive), earliest first.
    public var billingPeriods: [ClosedRange<Day>] = []
    /// The billing account names on the cost rows.
    public var billingAccounts: [String] = []
    /// Σ cost of the rows reconciled (actual cost), by currency code and kind of charge: one side
    /// of the bridge from the invoices' cost to the chargeback's (``CostBridge``).
    public var costByKind: [String: [ChargeKind: Amount]] = [:]

    /// The lines that need a person: every compared line outside tolerance, at every level.
    public var exceptions: [VarianceLine] { lines.filter { $0.status.isException } }

    /// How many lines are outside tolerance, for one invoice or all.
    /// - Parameters:
    ///   - invoiceId: the invoice, or `nil` for every invoice.
    ///   - currency: the invoice's currency, or `nil` for all: an EA billing period (one "invoice"
    ///     id) has a line per currency, each with its own exceptions.
    /// - Returns: the exceptions among lines and rules, and among roll-ups.
    public func exceptionCount(invoiceId: String? = nil, currency: String? = nil) -> ExceptionCount {
        ExceptionCount(
            exceptions.filter {
                (invoiceId == nil || $0.invoiceId == invoiceId) && (currency == nil || $0.currency == currency)
            }
        )
    }
}

/// The one count of lines outside tolerance that every report uses, split by where they are.
///
/// Invoice lines (meters) and the invoice's own header rules are what a person looks into; the
/// roll-up totals above the lines (invoice, section, product order, service family) add lines up,
/// so a line's difference usually shows again in each total that contains it. Reports give the
/// lines-and-rules figure with the all-levels figure beside it, each labelled, never one alone.
public struct ExceptionCount: Hashable, Sendable {
    /// Invoice lines and header rules outside tolerance.
    public var linesAndRules: Int
    /// Roll-up totals (invoice, section, product order, service family) outside tolerance.
    public var rollUps: Int
    /// Every line outside tolerance, at every level.
    public var all: Int { linesAndRules + rollUps }

    /// Counts exception lines by level.
    public init(_ exceptions: [VarianceLine]) {
        linesAndRules = exceptions.filter(ExceptionCount.isLineOrRule).count
        rollUps = exceptions.count - linesAndRules
    }

    /// Whether a line is an invoice line or a header rule (not a roll-up total). An EA billing
    /// period's line and the line of cost rows without an invoice id are compared at the invoice
    /// level with nothing below them: they are lines, not totals of lines.
    public static func isLineOrRule(_ line: VarianceLine) -> Bool {
        line.level == .meter || line.level == .header
            || (line.level == .invoice
                && (line.invoiceId == Reconciler.noInvoiceId || Reconciler.isEAInvoice(line.invoiceId)))
    }

    /// "9 line(s) outside tolerance (4 invoice line(s) or header rule(s) + 5 roll-up total(s))".
    public var sentence: String {
        "\(all) line(s) outside tolerance (\(linesAndRules) invoice line(s) or header rule(s) + \(rollUps) roll-up total(s))"
    }
}
