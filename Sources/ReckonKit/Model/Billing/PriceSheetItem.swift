/// One price from the Consumption price sheet (`GET …/providers/Microsoft.Consumption/pricesheets/default`).
///
/// Prices are per block of ``unitOfMeasure`` (`100 Hours` is a price per 100 hours); normalise with
/// the pricing-unit table before comparing against cost rows.
public struct PriceSheetItem: Hashable, Sendable {
    /// The billing period's resource ID (`…/billingPeriods/201702`).
    public var billingPeriodId: String?
    /// The meter ID (a GUID).
    public var meterId: String?
    /// The meter name, from `meterDetails` when present.
    public var meterName: String?
    /// The meter category, from `meterDetails` when present.
    public var meterCategory: String?
    /// The meter subcategory, from `meterDetails` when present.
    public var meterSubCategory: String?
    /// The meter location, from `meterDetails` when present.
    public var meterLocation: String?
    /// The unit of measure, such as `100 Hours`; it carries the pricing block size.
    public var unitOfMeasure: String?
    /// The included (free) quantity.
    public var includedQuantity: Amount?
    /// The part number.
    public var partNumber: String?
    /// The unit price, per block of `unitOfMeasure`.
    public var unitPrice: Amount?
    /// The currency of the prices.
    public var currencyCode: CurrencyCode?
    /// The offer ID.
    public var offerId: String?
    /// The savings-plan price, when the item has one.
    public var savingsPlan: SavingsPlanPrice?

    /// `unitPrice` in `currencyCode`.
    public var unitPriceMoney: Money? { unitPrice.map { Money(amount: $0, currency: currencyCode ?? .unknown) } }

    /// Creates an item with every field empty; readers fill it in.
    public init() {}
}

/// The savings-plan price of a price-sheet item.
public struct SavingsPlanPrice: Hashable, Sendable {
    /// The term as sent, ISO 8601 (`P1Y`, `P3Y`).
    public var term: String?
    /// The effective price with the savings plan.
    public var effectivePrice: Amount?
    /// The market price.
    public var marketPrice: Amount?

    /// Creates a savings-plan price.
    public init(term: String? = nil, effectivePrice: Amount? = nil, marketPrice: Amount? = nil) {
        self.term = term
        self.effectivePrice = effectivePrice
        self.marketPrice = marketPrice
    }
}

/// The answer to an EA "price sheet for a billing period" request: a download link, not rows.
///
/// The API is asynchronous (202, then 200 `{status: "Completed", properties: {downloadUrl, validTill}}`);
/// the rows are in the CSV at ``downloadUrl``, which must be fetched before ``validTill``.
public struct PriceSheetDownload: Hashable, Sendable {
    /// The operation status as sent, such as `Completed`.
    public var status: String?
    /// The blob URL of the price-sheet file.
    public var downloadUrl: String?
    /// When the download URL expires.
    public var validTill: Timestamp?

    /// Creates a download descriptor.
    public init(status: String? = nil, downloadUrl: String? = nil, validTill: Timestamp? = nil) {
        self.status = status
        self.downloadUrl = downloadUrl
        self.validTill = validTill
    }
}
