/// A logical column of cost data, whatever the dataset calls it.
///
/// EA, MCA and FOCUS exports name the same thing differently (`Cost`, `CostInBillingCurrency`,
/// `costInBillingCurrency`; `ResourceGroup`, `resourceGroupName`, `x_ResourceGroupName`). Reckon maps
/// header names to these columns through ``CostColumn/aliases``, case-insensitively and never by
/// position.
public enum CostColumn: Int, CaseIterable, Sendable, CustomStringConvertible {
    // Keys: interned as strings.
    case invoiceId
    case previousInvoiceId
    case billingAccountId
    case billingAccountName
    case billingProfileId
    case billingProfileName
    case invoiceSectionId
    case invoiceSectionName
    case serviceFamily
    case productOrderId
    case productOrderName
    case consumedService
    case meterId
    case meterName
    case meterCategory
    case meterSubCategory
    case meterRegion
    case productName
    case subscriptionId
    case subscriptionName
    case publisherType
    case publisherName
    case resourceGroup
    case resourceId
    case resourceLocation
    case unitOfMeasure
    case chargeType
    case pricingModel
    case frequency
    case billingCurrency
    case tags
    case costAllocationRuleName
    case benefitId
    case benefitName
    case costCenter
    case chargeClass
    case serviceName
    case serviceCategory
    case providerName
    case resourceType
    // Dates.
    case date
    case billingPeriodStart
    case billingPeriodEnd
    // Numbers.
    case cost
    case billedCost
    case effectiveCost
    case quantity
    case effectivePrice

    /// The columns whose values are kept as interned strings.
    public static let keyColumns: [CostColumn] = allCases.filter { $0.rawValue < CostColumn.date.rawValue }
    /// The number of key columns; key ids are stored in an array of this size.
    public static let keyCount = CostColumn.date.rawValue

    /// The name Reckon uses in messages and outputs (the MCA spelling where one exists).
    public var description: String { CostColumn.names[rawValue] }

    static let names: [String] = [
        "invoiceId", "previousInvoiceId", "billingAccountId", "billingAccountName", "billingProfileId",
        "billingProfileName", "invoiceSectionId", "invoiceSectionName", "serviceFamily", "productOrderId",
        "productOrderName", "consumedService", "meterId", "meterName", "meterCategory", "meterSubCategory",
        "meterRegion", "productName", "subscriptionId", "subscriptionName", "publisherType", "publisherName",
        "resourceGroupName", "resourceId", "resourceLocation", "unitOfMeasure", "chargeType", "pricingModel",
        "frequency", "billingCurrency", "tags", "costAllocationRuleName", "benefitId", "benefitName", "costCenter",
        "chargeClass", "serviceName", "serviceCategory", "providerName", "resourceType", "date",
        "billingPeriodStartDate", "billingPeriodEndDate", "costInBillingCurrency", "BilledCost", "EffectiveCost",
        "quantity", "effectivePrice",
    ]

    /// Header names that mean this column, lower-cased, in order of preference when a file has
    /// more than one of them (Microsoft FOCUS has both `BillingAccountId`, which is the billing
    /// profile, and `x_BillingAccountId`, the real account).
    public var aliases: [String] {
        switch self {
        case .invoiceId: return ["invoiceid", "x_invoiceid"]
        case .previousInvoiceId: return ["previousinvoiceid"]
        case .billingAccountId: return ["x_billingaccountid", "billingaccountid"]
        case .billingAccountName: return ["x_billingaccountname", "billingaccountname"]
        case .billingProfileId: return ["billingprofileid", "x_billingprofileid"]
        case .billingProfileName: return ["billingprofilename", "x_billingprofilename"]
        case .invoiceSectionId: return ["invoicesectionid", "x_invoicesectionid"]
        case .invoiceSectionName:
            return ["invoicesectionname", "invoicesection", "x_invoicesectionname", "departmentname"]
        case .serviceFamily: return ["servicefamily", "x_skuservicefamily"]
        case .productOrderId: return ["productorderid", "x_skuorderid"]
        case .productOrderName: return ["productordername", "x_skuordername"]
        case .consumedService: return ["consumedservice"]
        case .meterId: return ["meterid", "x_skumeterid"]
        case .meterName: return ["metername", "skumeter", "x_skumetername"]
        case .meterCategory: return ["metercategory", "x_skumetercategory"]
        case .meterSubCategory: return ["metersubcategory", "x_skumetersubcategory"]
        case .meterRegion: return ["meterregion", "x_skuregion"]
        case .productName: return ["productname", "product", "chargedescription"]
        case .subscriptionId: return ["subscriptionid", "subscriptionguid", "subaccountid"]
        case .subscriptionName: return ["subscriptionname", "subaccountname"]
        case .publisherType: return ["publishertype", "x_publishercategory"]
        case .publisherName: return ["publishername"]
        case .resourceGroup: return ["resourcegroup", "resourcegroupname", "x_resourcegroupname"]
        case .resourceId: return ["resourceid", "instanceid", "instancename"]
        case .resourceLocation: return ["resourcelocation", "location", "regionid", "regionname"]
        case .unitOfMeasure: return ["unitofmeasure", "x_pricingunitdescription", "unit", "pricingunit"]
        case .chargeType: return ["chargetype", "chargecategory"]
        case .pricingModel: return ["pricingmodel", "pricingcategory"]
        case .frequency: return ["frequency", "chargefrequency"]
        case .billingCurrency: return ["billingcurrency", "billingcurrencycode"]
        case .tags: return ["tags"]
        case .costAllocationRuleName: return ["costallocationrulename", "x_costallocationrulename"]
        case .benefitId: return ["benefitid", "commitmentdiscountid"]
        case .benefitName: return ["benefitname", "commitmentdiscountname"]
        case .costCenter: return ["costcenter", "x_costcenter"]
        case .chargeClass: return ["chargeclass"]
        case .serviceName: return ["servicename"]
        case .serviceCategory: return ["servicecategory"]
        case .providerName: return ["providername", "provider"]
        case .resourceType: return ["resourcetype", "x_resourcetype"]
        case .date: return ["date", "usagedate", "usagestart", "chargeperiodstart"]
        case .billingPeriodStart: return ["billingperiodstartdate", "billingperiodstart"]
        case .billingPeriodEnd: return ["billingperiodenddate", "billingperiodend"]
        case .cost: return ["costinbillingcurrency", "cost", "extendedcost", "pretaxcost"]
        case .billedCost: return ["billedcost"]
        case .effectiveCost: return ["effectivecost"]
        case .quantity: return ["quantity", "consumedquantity"]
        case .effectivePrice: return ["effectiveprice", "x_effectiveunitprice", "resourcerate", "rate"]
        }
    }
}
