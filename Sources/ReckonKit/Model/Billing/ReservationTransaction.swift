/// A reservation purchase, refund or cancellation (Consumption `reservationTransactions`).
///
/// One type covers both shapes: the modern (MCA) one with billing profile, invoice and invoice
/// section, and the legacy (EA) one with enrollment, account, department, `billingMonth`,
/// `monetaryCommitment` and `overage`. Fields a shape lacks are `nil`. For EA, refunds come only from
/// here (eventType `Refund` with a negative amount).
public struct ReservationTransaction: Hashable, Sendable {
    /// The ARM resource ID.
    public var id: String?
    /// The resource name.
    public var name: String?
    /// Resource tags in document order; legacy documents send `[]`.
    public var tags: [ResourceTag]
    /// When the event happened.
    public var eventDate: Timestamp?
    /// The event type as sent: `Purchase`, `Refund`, `Cancel`…
    public var eventType: String?
    /// The reservation order ID.
    public var reservationOrderId: String?
    /// The reservation order name.
    public var reservationOrderName: String?
    /// The description, such as `Standard_DS1_v2 westus 1 Year`.
    public var description: String?
    /// The quantity.
    public var quantity: Amount?
    /// The signed amount (negative for refunds), in ``currency``.
    public var amount: Amount?
    /// The currency of ``amount``.
    public var currency: CurrencyCode?
    /// The ARM SKU name, such as `Standard_B1ls`.
    public var armSkuName: String?
    /// The term as sent, ISO 8601 (`P1Y`, `P3Y`).
    public var term: String?
    /// The region, such as `westus`.
    public var region: String?
    /// The billing frequency as sent (`Recurring`, `recurring`, `Upfront`).
    public var billingFrequency: String?
    /// The purchasing subscription's ID.
    public var purchasingSubscriptionGuid: String?
    /// The purchasing subscription's name.
    public var purchasingSubscriptionName: String?

    /// The billing profile's resource ID (modern).
    public var billingProfileId: String?
    /// The billing profile's name (modern).
    public var billingProfileName: String?
    /// The invoice number (modern).
    public var invoice: String?
    /// The invoice's resource ID (modern).
    public var invoiceId: String?
    /// The invoice section's resource ID (modern).
    public var invoiceSectionId: String?
    /// The invoice section's name (modern).
    public var invoiceSectionName: String?

    /// The purchasing enrollment (legacy).
    public var purchasingEnrollment: String?
    /// The current enrollment (legacy).
    public var currentEnrollment: String?
    /// The account name (legacy).
    public var accountName: String?
    /// The account owner's email (legacy).
    public var accountOwnerEmail: String?
    /// The department name (legacy).
    public var departmentName: String?
    /// The cost center (legacy); often empty.
    public var costCenter: String?
    /// The billing month as sent, an integer `yyyyMMdd` such as 20190901 (legacy).
    public var billingMonth: Int?
    /// The monetary commitment (legacy).
    public var monetaryCommitment: Amount?
    /// The overage (legacy).
    public var overage: Amount?

    /// ``billingMonth`` as a day (`20190901` is 2019-09-01); `nil` when absent or not a valid date.
    public var billingMonthDay: Day? {
        guard let billingMonth, billingMonth > 0 else { return nil }
        return Day(year: billingMonth / 10_000, month: billingMonth / 100 % 100, day: billingMonth % 100)
    }

    /// ``amount`` in ``currency``.
    public var amountMoney: Money? { amount.map { Money(amount: $0, currency: currency ?? .unknown) } }

    /// Creates a transaction with every field empty; readers fill it in.
    public init() { tags = [] }
}

/// A resource tag: a key and its value as text.
public struct ResourceTag: Hashable, Sendable {
    /// The tag key.
    public var key: String
    /// The tag value; a non-string JSON value is kept as its JSON text.
    public var value: String

    /// Creates a tag.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}
