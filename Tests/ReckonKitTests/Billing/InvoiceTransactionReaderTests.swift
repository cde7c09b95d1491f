import Testing

@testable import ReckonKit

/// Transactions and the transaction summary from the saved Microsoft.Billing examples. Expected
/// counts and sums were computed with:
/// python3 -c "import json,decimal;t=json.load(open(F),parse_float=decimal.Decimal)['responses']['200']['body']['value'];print(len(t),sum(x['properties']['transactionAmount']['value'] for x in t),sum(x['properties']['tax']['value'] for x in t),sum(x['properties']['azureCreditApplied']['value'] for x in t))"
/// which prints `2 5050.00 505.00 2020.00` for both files (the 2024 file writes `5050 505 2020`).
@Suite struct InvoiceTransactionReaderTests {
    private let usd = CurrencyCode("USD")

    private func usd(_ whole: Int) -> Money { Money(amount: Amount(whole), currency: usd) }

    private func sum(_ values: [Money?]) -> Amount { values.reduce(Amount.zero) { $0 + ($1?.amount ?? .zero) } }

    @Test(arguments: [
        "billing-2020-05-01/TransactionsListByInvoice.json", "billing-2024-04-01/transactionsListByInvoice.json",
    ]) func readsTransactionsByInvoice(file: String) throws {
        let page = try BillingDocumentReader.readPage(
            InvoiceTransaction.self,
            from: BillingFixtures.bytes(file),
            file: file
        )
        let transactions = page.items
        #expect(transactions.count == 2)
        #expect(page.nextLink == nil)
        #expect(sum(transactions.map(\.transactionAmount)) == Amount(5050))
        #expect(sum(transactions.map(\.subTotal)) == Amount(4545))
        #expect(sum(transactions.map(\.tax)) == Amount(505))
        #expect(sum(transactions.map(\.azureCreditApplied)) == Amount(2020))

        let purchase = transactions[0]
        #expect(purchase.name == "41000000-0000-0000-0000-000000000000")
        #expect(purchase.transactionType == "Purchase")
        #expect(purchase.transactionAmount == usd(5000))
        // transactionAmount = subTotal + tax in the examples.
        #expect(
            purchase.subTotal.flatMap { sub in purchase.tax.flatMap { sub.adding($0) } } == purchase.transactionAmount
        )
        #expect(purchase.effectivePrice == usd(10))
        #expect(purchase.marketPrice == usd(20))
        #expect(purchase.discount == Amount(minorUnits: 1, scale: 1))
        #expect(purchase.exchangeRate == Amount(1))
        #expect(purchase.quantity == Amount(1))
        #expect(purchase.units == Amount(minorUnits: 1125, scale: 2))
        #expect(purchase.unitOfMeasure == "1 Minute")
        #expect(purchase.unitType == "1 Runtime Minute")
        #expect(purchase.billingCurrency == usd)
        #expect(purchase.pricingCurrency == usd)
        #expect(purchase.productDescription == "Standard D1, US West 3")
        #expect(purchase.productFamily == "Storage")
        #expect(purchase.productType == "VM Instance")
        #expect(purchase.productTypeId == "A12345")
        #expect(purchase.invoiceSectionDisplayName == "Contoso operations invoiceSection")
        #expect(purchase.billingProfileDisplayName == "Contoso operations billing")
        #expect(purchase.invoiceId != nil)
        #expect(!purchase.isPending)

        let cancel = transactions[1]
        #expect(cancel.transactionType == "Cancel")
        #expect(cancel.transactionAmount == usd(50))
        #expect(cancel.invoice == "pending")
        #expect(cancel.isPending)
        #expect(cancel.invoiceId == nil)
        #expect(cancel.units == Amount(minorUnits: 125, scale: 2))
    }

    @Test func readsThe2020Specifics() throws {
        let file = "billing-2020-05-01/TransactionsListByInvoice.json"
        let transactions =
            try BillingDocumentReader.readPage(InvoiceTransaction.self, from: BillingFixtures.bytes(file), file: file)
            .items
        #expect(transactions.map(\.kind) == ["all", "all"])
        #expect(transactions[0].invoice == "2344233")
        #expect(transactions[0].date?.day == Day(year: 2018, month: 5, day: 1))
        #expect(transactions[0].servicePeriodEnd?.day == Day(year: 2018, month: 9, day: 30))
        #expect(transactions[0].consumptionCommitmentDecremented == nil)
        #expect(transactions[0].partNumber == nil)
        #expect(transactions.map(\.azurePlan) == ["Microsoft Azure Standard", "Microsoft Azure Standard"])
    }

    @Test func readsThe2024Specifics() throws {
        let file = "billing-2024-04-01/transactionsListByInvoice.json"
        let transactions =
            try BillingDocumentReader.readPage(InvoiceTransaction.self, from: BillingFixtures.bytes(file), file: file)
            .items
        #expect(transactions[0].invoice == "G123456789")
        #expect(transactions.map(\.partNumber) == ["0001", "0002"])
        #expect(transactions.map(\.consumptionCommitmentDecremented) == [usd(100), usd(50)])
        #expect(transactions[0].kind == nil)
        #expect(transactions[0].azurePlan == nil)
        #expect(transactions[1].date?.day == Day(year: 2024, month: 4, day: 1))
        #expect(transactions[0].servicePeriodStart?.description == "2023-05-01T00:00:00Z")
    }

    /// python3 -c "import json;print(json.load(open('billing-2024-04-01/transactionSummaryGetByInvoice.json'))['responses']['200']['body'])"
    /// prints {'azureCreditApplied': 100, 'billingCurrency': 'USD', 'consumptionCommitmentDecremented': 1000, 'subTotal': 1000, 'tax': 500, 'total': 5400}.
    @Test func readsTheTransactionSummaryPlainNumbers() throws {
        let file = "billing-2024-04-01/transactionSummaryGetByInvoice.json"
        let summary = try BillingDocumentReader.readResource(
            TransactionSummary.self,
            from: BillingFixtures.bytes(file),
            file: file
        )
        #expect(summary.billingCurrency == usd)
        #expect(summary.azureCreditApplied == Amount(100))
        #expect(summary.consumptionCommitmentDecremented == Amount(1000))
        #expect(summary.subTotal == Amount(1000))
        #expect(summary.tax == Amount(500))
        #expect(summary.total == Amount(5400))
        #expect(summary.totalMoney == usd(5400))
        // The example does not add up (1000 + 500 ≠ 5400); the reader reports it as written.
        #expect(summary.subTotal.map { $0 + Amount(500) } != summary.total)
    }

    @Test func summaryRejectsAmountsInAnotherCurrency() {
        let json = #"{"billingCurrency": "USD", "total": {"currency": "EUR", "value": 1}}"#
        #expect {
            try BillingDocumentReader.readResource(
                TransactionSummary.self,
                from: Array(json.utf8),
                file: "summary.json"
            )
        } throws: { error in
            (error as? BillingDocumentError)?.description
                == #"summary.json: at total: expected an amount in the billing currency USD, found the object {"currency":"EUR","value":1}"#
        }
    }
}
