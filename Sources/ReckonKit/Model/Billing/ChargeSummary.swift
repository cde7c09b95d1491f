/// A charge summary from the Consumption Charges API, for example one per invoice section when
/// grouped by `properties/invoiceSectionId` (`kind` `modern`, MCA) or per enrollment (`legacy`, EA).
///
/// Modern summaries give amount objects; legacy ones give plain numbers with a `currency`, which the
/// reader attaches.
public struct ChargeSummary: Hashable, Sendable {
    /// The ARM resource ID.
    public var id: String?
    /// The resource name.
    public var name: String?
    /// The kind as sent: `modern` or `legacy`.
    public var kind: String?
    /// The billing period's resource ID.
    public var billingPeriodId: String?
    /// The first day of usage covered.
    public var usageStart: Timestamp?
    /// The last day of usage covered.
    public var usageEnd: Timestamp?
    /// Azure charges.
    public var azureCharges: Money?
    /// Charges billed separately.
    public var chargesBilledSeparately: Money?
    /// Marketplace charges.
    public var marketplaceCharges: Money?
    /// The billing account's resource ID (modern).
    public var billingAccountId: String?
    /// The billing profile's resource ID (modern).
    public var billingProfileId: String?
    /// The invoice section's resource ID (modern).
    public var invoiceSectionId: String?
    /// The customer's resource ID (modern, partner accounts).
    public var customerId: String?
    /// Whether the charges are invoiced.
    public var isInvoiced: Bool?

    /// Creates a summary with every field empty; readers fill it in.
    public init() {}
}
