/// What the index page shows of the chargeback, already formatted: per currency, one row per cost
/// center and a total row that ties to the month's cost.
///
/// Every row holds the cost center's own figures (direct + shared received − shared given = total,
/// what it is charged) and, apart, its subtree total (its own total plus every cost center below
/// it), the figure its budget is measured against. Only the own figures add up across rows: the
/// subtree totals of a parent and of its children overlap.
public struct ChargebackView: Sendable {
    /// One cost center in one currency.
    public struct Center: Sendable {
        /// The full path (`contoso/us/platform`).
        public var path: String
        /// The statement's file name under `statements/`.
        public var file: String
        /// The owner.
        public var owner: String
        /// The currency code.
        public var currency: String
        /// Cost mapped to it by rules, formatted.
        public var direct: String
        /// Shared cost received from other cost centers or off-bill amounts, formatted.
        public var received: String
        /// Shared cost given to other cost centers, formatted.
        public var given: String
        /// direct + received − given: what it is charged, formatted.
        public var total: String
        /// Its total plus every cost center below it, formatted.
        public var subtreeTotal: String
        /// Its budget in this currency, formatted, or empty.
        public var budget: String
        /// Subtree total ÷ budget, formatted, or empty.
        public var budgetUsed: String
        /// How far the subtree total is over the budget, formatted, or empty when it is not.
        public var overBudget: String = ""
    }

    /// The cost centers charged in one currency, with their sums.
    public struct Currency: Sendable {
        /// The currency code.
        public var code: String
        /// The cost centers, in path order.
        public var centers: [Center]
        /// Σ direct over the rows, formatted.
        public var direct: String
        /// Σ received over the rows, formatted.
        public var received: String
        /// Σ given over the rows, formatted.
        public var given: String
        /// Σ total over the rows, formatted: everything charged in the currency.
        public var total: String
        /// How the total ties to the month's cost: the cost export rounded to the minor unit
        /// (Σ direct) plus off-bill amounts (Σ received − Σ given).
        public var tie: String
    }

    /// Per currency: total = direct + shared received − shared given (the sums of the table's columns), of which unallocated.
    public var summary: String
    /// One group per currency, by code.
    public var currencies: [Currency]
    /// The allocation's warnings (`warning: 2 subscription(s) … went to unallocated`), then its notes.
    public var diagnostics: [String]

    /// Creates a view.
    public init(summary: String, currencies: [Currency], diagnostics: [String] = []) {
        self.summary = summary
        self.currencies = currencies
        self.diagnostics = diagnostics
    }
}
