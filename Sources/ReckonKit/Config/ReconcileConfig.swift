/// The levels at which reconciliation compares invoiced and computed amounts.
public enum ReconcileLevel: String, Sendable, Codable, CaseIterable, Comparable {
    /// An invoice's own totals (billed, tax, credits, total) checked against each other.
    case header
    /// The whole invoice: Σ lines against Σ cost rows.
    case invoice
    /// An invoice section.
    case section
    /// A product order (the Azure plan, a Marketplace offer).
    case productOrder = "product_order"
    /// A service family (Compute, Storage, …).
    case serviceFamily = "service_family"
    /// One invoice line: a meter (or product) within its section.
    case meter

    /// Levels sort from the invoice down to the meter.
    public static func < (lhs: ReconcileLevel, rhs: ReconcileLevel) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// How far apart an invoiced and a computed amount may be and still agree.
///
/// Both limits apply and **the stricter binds**: a difference is within tolerance when it is no
/// more than `absolute` (in the currency's units) and no more than `relative` × |invoiced|.
public struct Tolerance: Hashable, Sendable, Codable {
    /// The largest difference in currency units, or `nil` for no absolute limit.
    public var absolute: Amount?
    /// The largest difference as a fraction of the invoiced amount (0.001 = 0.1 %), or `nil`.
    public var relative: Amount?

    /// Creates a tolerance.
    public init(absolute: Amount?, relative: Amount?) {
        self.absolute = absolute
        self.relative = relative
    }

    /// The allowed difference for `base` (the invoiced amount): the smaller of the two limits.
    public func allowance(for base: Amount) -> Amount {
        var limit: Amount?
        if let absolute { limit = absolute.magnitude }
        if let relative, let scaled = relative.magnitude.multiplied(by: base.magnitude) {
            limit = limit.map { Swift.min($0, scaled) } ?? scaled
        }
        return limit ?? .zero
    }
}

/// The `reconcile:` section of `reckon.yaml`.
///
/// ```yaml
/// reconcile:
///   tolerances:                 # per level; the stricter of absolute and relative binds
///     default: { absolute: 0.01, relative: 0.0001 }
///     invoice: { absolute: 0.05 }
///   price_check:
///     relative: 0.01            # quantity × effectivePrice against the cost of each row
///     price_sheet_relative: 0.0001
///   line_key: [invoice_section, meter]
/// ```
public struct ReconcileConfig: Sendable {
    /// Tolerances per level; a level without one uses `defaultTolerance`. An invoice's header
    /// totals are rounded figures that must add up exactly, so the header level defaults to zero.
    public var tolerances: [ReconcileLevel: Tolerance] = [.header: Tolerance(absolute: .zero, relative: nil)]
    /// The tolerance of levels not listed: one cent, and 0.01 % of the invoiced amount.
    public var defaultTolerance = Tolerance(
        absolute: Amount(minorUnits: 1, scale: 2),
        relative: Amount(minorUnits: 1, scale: 4)
    )
    /// The largest relative gap between quantity × effective price and a row's cost before the row
    /// is flagged (display rounding of 1/Month meters reaches about 1e-8).
    public var rowPriceRelative = Amount(minorUnits: 1, scale: 2)
    /// The largest relative gap between the effective price charged and the price sheet's price (per unit).
    public var priceSheetRelative = Amount(minorUnits: 1, scale: 4)
    /// The fields that identify an invoice line within an invoice; the default matches a
    /// transaction's section and `productDescription` with the cost rows' section and meter name
    /// (falling back to product name).
    public var lineKey: [LineKeyField] = [.invoiceSection, .meter]

    /// The default configuration.
    public init() {}

    /// The tolerance for a level.
    public func tolerance(_ level: ReconcileLevel) -> Tolerance { tolerances[level] ?? defaultTolerance }

    /// Reads the section.
    init(_ node: ConfigNode) throws(ConfigError) {
        try node.allowOnly(["tolerances", "price_check", "line_key"])
        if let tolerances = node["tolerances"] {
            for (key, value) in try tolerances.entries() {
                let tolerance = try ReconcileConfig.tolerance(value)
                if key == "default" {
                    defaultTolerance = tolerance
                } else if let level = ReconcileLevel(rawValue: key) {
                    self.tolerances[level] = tolerance
                } else {
                    throw value.error(
                        "unknown level '\(key)'; expected default or one of: \(ReconcileLevel.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
            }
        }
        if let check = node["price_check"] {
            try check.allowOnly(["relative", "price_sheet_relative"])
            if let relative = check["relative"] { rowPriceRelative = try relative.amount() }
            if let relative = check["price_sheet_relative"] { priceSheetRelative = try relative.amount() }
        }
        if let key = node["line_key"] {
            var fields: [LineKeyField] = []
            for element in try key.elements() {
                let text = try element.string()
                guard let field = LineKeyField(rawValue: text) else {
                    throw element.error(
                        "unknown line key field '\(text)'; expected \(LineKeyField.allCases.map(\.rawValue).joined(separator: ", "))"
                    )
                }
                fields.append(field)
            }
            guard fields.contains(.meter) else { throw key.error("the line key must include meter") }
            lineKey = fields
        }
    }

    static func tolerance(_ node: ConfigNode) throws(ConfigError) -> Tolerance {
        try node.allowOnly(["absolute", "relative"])
        let absolute = try node["absolute"]?.amount()
        let relative = try node["relative"]?.amount()
        if absolute == nil && relative == nil { throw node.error("give absolute, relative or both") }
        if let absolute, absolute.signum < 0 { throw node.error("absolute must not be negative") }
        if let relative, relative.signum < 0 { throw node.error("relative must not be negative") }
        return Tolerance(absolute: absolute, relative: relative)
    }
}

/// A field of the invoice line key.
public enum LineKeyField: String, Sendable, Codable, CaseIterable {
    /// The invoice section (display name, or the last segment of its id).
    case invoiceSection = "invoice_section"
    /// The product order name (`azurePlan` on a transaction).
    case productOrder = "product_order"
    /// The service family (`productFamily` on a transaction).
    case serviceFamily = "service_family"
    /// The meter name, falling back to the product name (`productDescription` on a transaction).
    case meter
}
