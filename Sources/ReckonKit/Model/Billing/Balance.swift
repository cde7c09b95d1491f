import Foundation

/// An EA enrollment's balance summary for a billing period (Consumption Balances API).
///
/// All amounts are in ``currency``, which Azure pads with spaces (`"USD  "`); it is trimmed.
/// Example relation: `endingBalance = beginningBalance + newPurchases + adjustments − utilized`.
public struct Balance: Hashable, Sendable {
    /// The ARM resource ID.
    public var id: String?
    /// The balance's name.
    public var name: String?
    /// The currency of every amount, trimmed.
    public var currency: CurrencyCode?
    /// The prepayment balance at the start of the period.
    public var beginningBalance: Amount?
    /// The prepayment balance at the end of the period.
    public var endingBalance: Amount?
    /// New prepayment purchases.
    public var newPurchases: Amount?
    /// Adjustments (credits).
    public var adjustments: Amount?
    /// Prepayment used.
    public var utilized: Amount?
    /// Usage beyond the prepayment.
    public var serviceOverage: Amount?
    /// Charges billed separately (not drawn from the prepayment).
    public var chargesBilledSeparately: Amount?
    /// Total overage.
    public var totalOverage: Amount?
    /// Total usage.
    public var totalUsage: Amount?
    /// Azure Marketplace service charges.
    public var azureMarketplaceServiceCharges: Amount?
    /// Overage refund.
    public var overageRefund: Amount?
    /// The billing frequency as sent, such as `Month`.
    public var billingFrequency: String?
    /// Whether prices are hidden from the caller.
    public var priceHidden: Bool?
    /// The new purchases, itemised.
    public var newPurchasesDetails: [BalanceDetail]
    /// The adjustments, itemised.
    public var adjustmentDetails: [BalanceDetail]

    /// Creates a balance with every field empty; readers fill it in.
    public init() {
        newPurchasesDetails = []
        adjustmentDetails = []
    }

    /// The billing period the usage summary is for, `yyyy-MM`, from the `billingPeriods/yyyyMM`
    /// segment of its id; nil when the id names none.
    public var billingMonth: String? {
        guard let id, let range = id.range(of: "/billingPeriods/", options: .caseInsensitive) else { return nil }
        let digits = id[range.upperBound...].prefix { $0.isASCII && $0.isNumber }
        guard digits.count == 6 else { return nil }
        return "\(digits.prefix(4))-\(digits.suffix(2))"
    }

    /// `amount` in the balance's currency, for reports.
    public func money(_ amount: Amount?) -> Money? { amount.map { Money(amount: $0, currency: currency ?? .unknown) } }
}

/// One itemised purchase or adjustment of a ``Balance``.
public struct BalanceDetail: Hashable, Sendable {
    /// The item's name, such as `Promo Credit`.
    public var name: String?
    /// The item's amount.
    public var value: Amount?

    /// Creates a detail.
    public init(name: String?, value: Amount?) {
        self.name = name
        self.value = value
    }
}
