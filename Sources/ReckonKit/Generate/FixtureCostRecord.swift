/// The 65 columns of an MCA cost details export (dataVersion 2021-10-01), in Azure's order.
enum FixtureCostColumn: Int, CaseIterable {
    case invoiceId, previousInvoiceId, billingAccountId, billingAccountName, billingProfileId, billingProfileName
    case invoiceSectionId, invoiceSectionName, resellerName, resellerMpnId, costCenter, billingPeriodEndDate
    case billingPeriodStartDate, servicePeriodEndDate, servicePeriodStartDate, date, serviceFamily, productOrderId
    case productOrderName, consumedService, meterId, meterName, meterCategory, meterSubCategory, meterRegion
    case productId, productName, subscriptionId, subscriptionName, publisherType, publisherId, publisherName
    case resourceGroupName, resourceId, resourceLocation, location, effectivePrice, quantity, unitOfMeasure
    case chargeType, billingCurrency, pricingCurrency, costInBillingCurrency, costInPricingCurrency, costInUsd
    case paygCostInBillingCurrency, paygCostInUsd, exchangeRatePricingToBilling, exchangeRateDate
    case isAzureCreditEligible, serviceInfo1, serviceInfo2, additionalInfo, tags, payGPrice, frequency, term
    case reservationId, reservationName, pricingModel, unitPrice, costAllocationRuleName, benefitId, benefitName
    case provider

    /// The header names exactly as the live MCA export writes them (camelCase with PascalCase exceptions).
    static let headerNames: [String] = [
        "invoiceId", "previousInvoiceId", "billingAccountId", "billingAccountName", "billingProfileId",
        "billingProfileName", "invoiceSectionId", "invoiceSectionName", "resellerName", "resellerMpnId", "costCenter",
        "billingPeriodEndDate", "billingPeriodStartDate", "servicePeriodEndDate", "servicePeriodStartDate", "date",
        "serviceFamily", "productOrderId", "productOrderName", "consumedService", "meterId", "meterName",
        "meterCategory", "meterSubCategory", "meterRegion", "ProductId", "ProductName", "SubscriptionId",
        "subscriptionName", "publisherType", "publisherId", "publisherName", "resourceGroupName", "ResourceId",
        "resourceLocation", "location", "effectivePrice", "quantity", "unitOfMeasure", "chargeType", "billingCurrency",
        "pricingCurrency", "costInBillingCurrency", "costInPricingCurrency", "costInUsd", "paygCostInBillingCurrency",
        "paygCostInUsd", "exchangeRatePricingToBilling", "exchangeRateDate", "isAzureCreditEligible", "serviceInfo1",
        "serviceInfo2", "additionalInfo", "tags", "PayGPrice", "frequency", "term", "reservationId", "reservationName",
        "pricingModel", "unitPrice", "costAllocationRuleName", "benefitId", "benefitName", "provider",
    ]

    /// UTF-8 BOM, the header line and LF, as every part file starts.
    static let headerBytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array(headerNames.joined(separator: ",").utf8) + [10]
}

/// One cost row as text fields (before CSV quoting), used for the rare special rows and to build
/// the pre-encoded segments of the fast path.
struct FixtureCostRecord {
    var fields = [String](repeating: "", count: 65)

    subscript(column: FixtureCostColumn) -> String {
        get { fields[column.rawValue] }
        set { fields[column.rawValue] = newValue }
    }

    /// Sets the five cost columns from a cost in billing currency.
    mutating func setCosts(cost: Amount, payg: Amount, usdRate: Amount) {
        self[.costInBillingCurrency] = cost.fixtureText
        self[.costInPricingCurrency] = cost.fixtureText
        self[.costInUsd] = cost.fixtureTimes(usdRate).fixtureText
        self[.paygCostInBillingCurrency] = payg.fixtureText
        self[.paygCostInUsd] = payg.fixtureTimes(usdRate).fixtureText
    }

    /// Appends `columns` as CSV, each followed by a comma, or by LF after the last column.
    func encode(_ columns: Range<Int>, into buffer: FixtureByteBuffer) {
        for column in columns {
            buffer.append(csvField: Array(fields[column].utf8))
            buffer.append(column == 64 ? 10 : UInt8(ascii: ","))
        }
    }

    /// The CSV bytes of `columns`, for pre-encoded segments.
    func segment(_ columns: Range<Int>) -> [UInt8] {
        let buffer = FixtureByteBuffer(capacity: 1024)
        encode(columns, into: buffer)
        return buffer.array
    }

    /// The whole row as CSV bytes.
    func line(into buffer: FixtureByteBuffer) { encode(0..<65, into: buffer) }
}

/// Dates of the billing month as cost details write them (`MM/dd/yyyy`).
struct FixtureCalendar {
    var year: Int
    var month: Int
    var days: Int

    init(year: Int, month: Int) {
        self.year = year
        self.month = month
        let thirty = [4, 6, 9, 11]
        if month == 2 {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            days = leap ? 29 : 28
        } else {
            days = thirty.contains(month) ? 30 : 31
        }
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// `MM/dd/yyyy` for a day of the month.
    func usDate(_ day: Int) -> String { "\(FixtureCalendar.two(month))/\(FixtureCalendar.two(day))/\(year)" }

    /// `yyyy-MM-dd` for a day of the month.
    func isoDate(_ day: Int) -> String { "\(year)-\(FixtureCalendar.two(month))-\(FixtureCalendar.two(day))" }

    /// `yyyyMMdd` for a day of the month.
    func compactDate(_ day: Int) -> String { "\(year)\(FixtureCalendar.two(month))\(FixtureCalendar.two(day))" }

    /// The same day in the following month, as `yyyy-MM-dd`.
    func nextMonthIsoDate(_ day: Int) -> String {
        let (nextYear, nextMonth) = month == 12 ? (year + 1, 1) : (year, month + 1)
        return "\(nextYear)-\(FixtureCalendar.two(nextMonth))-\(FixtureCalendar.two(day))"
    }
}
