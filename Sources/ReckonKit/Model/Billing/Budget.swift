/// A Consumption budget (`Microsoft.Consumption/budgets`, 2024-08-01).
///
/// The filter is kept as raw JSON: Reckon only reports it. Notifications keep document order.
public struct Budget: Hashable, Sendable {
    /// The ARM resource ID.
    public var id: String?
    /// The budget's name.
    public var name: String?
    /// The entity tag as sent (it contains quotes: `"\"1d34d012214157f\""`).
    public var eTag: String?
    /// The category as sent, such as `Cost`.
    public var category: String?
    /// The budget amount, in the currency of the scope (the document does not name it).
    public var amount: Amount?
    /// The time grain as sent: `Monthly`, `Quarterly`, `Annually`, `BillingMonth`…
    public var timeGrain: String?
    /// The start of the budget period.
    public var startDate: Timestamp?
    /// The end of the budget period.
    public var endDate: Timestamp?
    /// The spend so far: `currentSpend.amount` in the currency `currentSpend.unit`.
    public var currentSpend: Money?
    /// The forecast spend, when present: `forecastSpend.amount` in `forecastSpend.unit`.
    public var forecastSpend: Money?
    /// The filter (`{"and": [{"dimensions": …}, {"tags": …}]}`), kept as raw JSON.
    public var filter: JSONValue?
    /// The notifications, in document order.
    public var notifications: [BudgetNotification]

    /// Creates a budget with every field empty; readers fill it in.
    public init() { notifications = [] }
}

/// A budget notification (one entry of `notifications`).
public struct BudgetNotification: Hashable, Sendable {
    /// The notification's key in `notifications`, such as `Actual_GreaterThan_80_Percent`.
    public var name: String
    /// Whether the notification is enabled.
    public var enabled: Bool?
    /// The comparison as sent: `GreaterThan`, `GreaterThanOrEqualTo`, `EqualTo`.
    public var comparison: String?
    /// The threshold, a percentage of the budget amount (80 means 80 %).
    public var threshold: Amount?
    /// The threshold type as sent: `Actual` or `Forecasted`.
    public var thresholdType: String?
    /// Email addresses to notify.
    public var contactEmails: [String]
    /// Roles to notify.
    public var contactRoles: [String]
    /// Action group resource IDs to notify.
    public var contactGroups: [String]
    /// The locale as sent, such as `en-us`.
    public var locale: String?

    /// Creates a notification with only its name; readers fill in the rest.
    public init(name: String) {
        self.name = name
        contactEmails = []
        contactRoles = []
        contactGroups = []
    }
}
