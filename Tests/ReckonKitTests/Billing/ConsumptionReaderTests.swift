import Testing

@testable import ReckonKit

/// Documents from the saved Microsoft.Consumption 2024-08-01 examples; values read off the files.
@Suite struct ConsumptionReaderTests {
    private let folder = "consumption-2024-08-01/"
    private let usd = CurrencyCode("USD")

    private func decimal(_ text: String) throws -> Amount { try Amount.parse(text) }

    @Test func readsThePriceSheetWithNextLinkInsideProperties() throws {
        let file = folder + "PriceSheet.json"
        let page = try BillingDocumentReader.readPage(
            PriceSheetItem.self,
            from: BillingFixtures.bytes(file),
            file: file
        )
        #expect(page.items.count == 1)
        #expect(
            page.nextLink
                == "https://management.azure.com/subscriptions/00000000-0000-0000-0000-000000000000/providers/microsoft.consumption/pricesheets/default?api-version=2018-01-31&$skiptoken=AQAAAA%3D%3D"
        )
        let item = try #require(page.items.first)
        #expect(
            item.billingPeriodId
                == "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Billing/billingPeriods/201702"
        )
        #expect(item.meterId == "00000000-0000-0000-0000-000000000000")
        #expect(item.unitOfMeasure == "100 Hours")
        #expect(item.includedQuantity == Amount(100))
        #expect(item.partNumber == "XX-11110")
        #expect(item.unitPrice == (try decimal("0.00328")))
        #expect(item.currencyCode == CurrencyCode("EUR"))
        #expect(item.unitPriceMoney == Money(amount: try decimal("0.00328"), currency: CurrencyCode("EUR")))
        #expect(item.offerId == "OfferId 1")
        #expect(
            item.savingsPlan
                == SavingsPlanPrice(
                    term: "P3Y",
                    effectivePrice: try decimal("0.002"),
                    marketPrice: try decimal("0.00328")
                )
        )
    }

    @Test func theEAPriceSheetForABillingPeriodIsADownloadLink() throws {
        let file = folder + "EAPriceSheetForBillingPeriod.json"
        // The example lists 202 (headers only) before 200; the reader takes the 200 body.
        let download = try BillingDocumentReader.readResource(
            PriceSheetDownload.self,
            from: BillingFixtures.bytes(file),
            file: file
        )
        #expect(download.status == "Completed")
        #expect(
            download.downloadUrl
                == "https://xxxxxx.blob.core.windows.net/armpricesheetreportdownloadcontainer/20230510/00000000-0000-0000-0000-000000000000"
        )
        #expect(download.validTill?.description == "2023-05-11T05:12:50.4266333Z")
        #expect(download.validTill?.time?.nanosecond == 426_633_300)
    }

    @Test func readsTheBudget() throws {
        let file = folder + "Budget.json"
        let budget = try BillingDocumentReader.readResource(Budget.self, from: BillingFixtures.bytes(file), file: file)
        #expect(budget.name == "TestBudget")
        #expect(budget.eTag == "\"1d34d012214157f\"")
        #expect(budget.category == "Cost")
        #expect(budget.amount == (try decimal("100.65")))
        #expect(budget.timeGrain == "Monthly")
        #expect(budget.startDate?.day == Day(year: 2017, month: 10, day: 1))
        #expect(budget.endDate?.day == Day(year: 2018, month: 10, day: 31))
        #expect(budget.currentSpend == Money(amount: try decimal("80.89"), currency: usd))
        #expect(budget.forecastSpend == nil)
        let and = try #require(budget.filter?["and"]?.arrayValue)
        #expect(and.count == 3)
        #expect(and[0]["dimensions"]?["name"] == .string("ResourceId"))
        #expect(and[2]["tags"]?["values"] == .array([.string("engineering"), .string("sales")]))
        #expect(budget.notifications.count == 1)
        let notification = try #require(budget.notifications.first)
        #expect(notification.name == "Actual_GreaterThan_80_Percent")
        #expect(notification.enabled == true)
        #expect(notification.comparison == "GreaterThan")
        #expect(notification.threshold == Amount(80))
        #expect(notification.thresholdType == "Actual")
        #expect(notification.contactEmails == ["johndoe@contoso.com", "janesmith@contoso.com"])
        #expect(notification.contactRoles == ["Contributor", "Reader"])
        #expect(notification.contactGroups.count == 1)
    }

    /// python3 -c "import json,decimal;p=json.load(open('consumption-2024-08-01/BalancesByBillingAccount.json'),parse_float=decimal.Decimal)['responses']['200']['body']['properties'];print(repr(p['currency']),p['beginningBalance']-p['utilized'],p['endingBalance'])"
    /// prints 'USD  ' 2922371.02 2922371.02.
    @Test func readsTheBalanceWithTrimmedCurrency() throws {
        let file = folder + "BalancesByBillingAccount.json"
        let balance = try BillingDocumentReader.readResource(
            Balance.self,
            from: BillingFixtures.bytes(file),
            file: file
        )
        #expect(balance.currency == usd)
        #expect(balance.currency?.code == "USD")
        #expect(balance.beginningBalance == (try decimal("3396469.19")))
        #expect(balance.endingBalance == (try decimal("2922371.02")))
        #expect(balance.utilized == (try decimal("474098.17")))
        #expect(balance.totalUsage == (try decimal("474098.17")))
        #expect(balance.azureMarketplaceServiceCharges == (try decimal("609.82")))
        #expect(balance.overageRefund == (try decimal("2012.61")))
        #expect(balance.newPurchases == .zero)
        #expect(balance.adjustments == .zero)
        #expect(balance.serviceOverage == .zero)
        #expect(balance.chargesBilledSeparately == .zero)
        #expect(balance.totalOverage == .zero)
        #expect(balance.billingFrequency == "Month")
        #expect(balance.priceHidden == false)
        #expect(balance.newPurchasesDetails == [BalanceDetail(name: "Promo Purchase", value: Amount(1))])
        #expect(
            balance.adjustmentDetails == [
                BalanceDetail(name: "Promo Credit", value: try decimal("1.1")),
                BalanceDetail(name: "SIE Credit", value: Amount(1)),
            ]
        )
        let beginning = try #require(balance.beginningBalance)
        let utilized = try #require(balance.utilized)
        #expect(beginning - utilized == balance.endingBalance)
        #expect(balance.money(balance.endingBalance)?.description == "2922371.02 USD")
    }

    @Test func readsModernReservationTransactions() throws {
        let file = folder + "ReservationTransactionsListByBillingProfileId.json"
        let page = try BillingDocumentReader.readPage(
            ReservationTransaction.self,
            from: BillingFixtures.bytes(file),
            file: file
        )
        #expect(page.items.count == 1)
        let transaction = try #require(page.items.first)
        #expect(transaction.eventType == "Purchase")
        #expect(transaction.eventDate?.description == "2020-04-25T21:21:38Z")
        #expect(transaction.amountMoney == Money(amount: try decimal("1.44"), currency: usd))
        #expect(transaction.quantity == Amount(1))
        #expect(transaction.term == "P3Y")
        #expect(transaction.billingFrequency == "Recurring")
        #expect(transaction.invoice == "T000456437")
        #expect(transaction.billingProfileName == "IT Department*")
        #expect(transaction.invoiceSectionName == "IT Department")
        #expect(transaction.armSkuName == "Standard_B1ls")
        #expect(transaction.billingMonth == nil)
        #expect(transaction.tags.isEmpty)
    }

    @Test func readsLegacyReservationTransactionsWithEmptyTagArrays() throws {
        let file = folder + "ReservationTransactionsListByEnrollmentNumber.json"
        let transactions =
            try BillingDocumentReader.readPage(
                ReservationTransaction.self,
                from: BillingFixtures.bytes(file),
                file: file
            )
            .items
        #expect(transactions.count == 2)
        #expect(transactions.map(\.eventType) == ["Refund", "Purchase"])
        #expect(transactions.map(\.amount) == [Amount(-21), Amount(21)])
        // python3 -c "...sum(x['properties']['amount'] for x in value)" prints 0E-15: refund and purchase cancel out.
        #expect(transactions.compactMap(\.amount).reduce(.zero, +) == .zero)
        let refund = transactions[0]
        #expect(refund.tags.isEmpty)
        #expect(refund.billingMonth == 20_190_901)
        #expect(refund.billingMonthDay == Day(year: 2019, month: 9, day: 1))
        #expect(refund.monetaryCommitment == (try decimal("523123.90")))
        #expect(refund.overage == (try decimal("23234.49")))
        #expect(refund.costCenter == "")
        #expect(refund.departmentName == "Unassigned")
        #expect(refund.purchasingEnrollment == "123456")
        #expect(refund.currentEnrollment == "123456")
        #expect(refund.accountOwnerEmail == "admin@microsoft.com")
        #expect(refund.billingFrequency == "recurring")
        #expect(refund.invoice == nil)
    }

    @Test func tagsMayBeAnObject() throws {
        let json = #"{"value": [{"tags": {"env": "prod", "cc": 42}, "properties": {"amount": 1}}]}"#
        let transactions =
            try BillingDocumentReader.readPage(ReservationTransaction.self, from: Array(json.utf8), file: "rt.json")
            .items
        #expect(
            transactions.first?.tags == [ResourceTag(key: "env", value: "prod"), ResourceTag(key: "cc", value: "42")]
        )
    }

    @Test func readsChargeSummariesByInvoiceSection() throws {
        let file = folder + "ChargesListByModernBillingAccountGroupByInvoiceSectionId.json"
        let charges =
            try BillingDocumentReader.readPage(ChargeSummary.self, from: BillingFixtures.bytes(file), file: file).items
        #expect(charges.count == 2)
        #expect(charges.map(\.kind) == ["modern", "modern"])
        #expect(
            charges.map(\.invoiceSectionId) == [
                "/providers/Microsoft.Billing/billingAccounts/1234:56789/invoiceSections/4567",
                "/providers/Microsoft.Billing/billingAccounts/1234:56789/invoiceSections/67890",
            ]
        )
        let first = charges[0]
        #expect(first.azureCharges == Money(amount: Amount(5000), currency: usd))
        #expect(first.chargesBilledSeparately == Money(amount: try decimal("60.90"), currency: usd))
        #expect(first.marketplaceCharges == Money(amount: Amount(100), currency: usd))
        #expect(first.usageStart == Timestamp(day: try #require(Day(year: 2019, month: 9, day: 1))))
        #expect(first.usageEnd?.description == "2019-09-30")
        #expect(first.isInvoiced == false)
    }

    @Test func legacyChargesTakeTheirCurrency() throws {
        let json = #"{"value": [{"kind": "legacy", "properties": {"currency": "EUR ", "azureCharges": 12.5}}]}"#
        let charges =
            try BillingDocumentReader.readPage(ChargeSummary.self, from: Array(json.utf8), file: "charges.json").items
        #expect(charges.first?.azureCharges == Money(amount: try decimal("12.5"), currency: CurrencyCode("EUR")))
    }

    /// Datasets Reckon does not model read as raw pages.
    @Test func readsReservationRecommendationsAsRawItems() throws {
        let file = folder + "ReservationRecommendationsByBillingAccount.json"
        let page = try BillingDocumentReader.readRawPage(from: BillingFixtures.bytes(file), file: file)
        #expect(page.items.count == 2)
        #expect(page.nextLink?.hasSuffix("$skiptoken=AQAAAA%3D%3D&") == true)
        let properties = try page.items[0].properties()
        #expect(try properties.timestamp("firstUsageDate")?.description == "2019-07-07T00:00:00-07:00")
        #expect(try properties.amount("netSavings") == (try decimal("0.588546019225182")))
        #expect(try properties.string("term") == "P1Y")
    }

    @Test func readsUsageDetailsAsRawItems() throws {
        let file = folder + "UsageDetailsListByMCABillingAccount.json"
        let page = try BillingDocumentReader.readRawPage(from: BillingFixtures.bytes(file), file: file)
        #expect(page.items.count == 1)
        #expect(page.nextLink == nil)
        let item = try #require(page.items.first)
        #expect(item.value["tags"]?["env"] == .string("newcrp"))
        let properties = try item.properties()
        #expect(try properties.timestamp("date")?.day == Day(year: 2019, month: 10, day: 30))
        #expect(try properties.amount("costInBillingCurrency") == (try decimal("1.84763819095477")))
        #expect(try properties.amount("exchangeRate") == Amount(1))  // a number written as a string
        #expect(try properties.string("invoiceId") == "")
    }
}
