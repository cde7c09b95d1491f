import Testing

@testable import ReckonKit

/// Every saved example in the billing and consumption folders reads, both as the Swagger example
/// and as the bare response body; a new file without a reader here fails ``everyFileHasAReader()``.
@Suite struct RealDataCoverageTests {
    /// How each file is read, and how many items it yields (1 for a single resource).
    enum Reader: Sendable {
        case invoiceList, invoice, transactions, transactionSummary, priceSheet, priceSheetDownload
        case budget, balance, reservationTransactions, charges, raw

        func read(_ bytes: [UInt8], file: String) throws -> Int {
            typealias R = BillingDocumentReader
            switch self {
            case .invoiceList: return try R.readPage(Invoice.self, from: bytes, file: file).items.count
            case .invoice: _ = try R.readResource(Invoice.self, from: bytes, file: file)
            case .transactions: return try R.readPage(InvoiceTransaction.self, from: bytes, file: file).items.count
            case .transactionSummary: _ = try R.readResource(TransactionSummary.self, from: bytes, file: file)
            case .priceSheet: return try R.readPage(PriceSheetItem.self, from: bytes, file: file).items.count
            case .priceSheetDownload: _ = try R.readResource(PriceSheetDownload.self, from: bytes, file: file)
            case .budget: _ = try R.readResource(Budget.self, from: bytes, file: file)
            case .balance: _ = try R.readResource(Balance.self, from: bytes, file: file)
            case .reservationTransactions:
                return try R.readPage(ReservationTransaction.self, from: bytes, file: file).items.count
            case .charges: return try R.readPage(ChargeSummary.self, from: bytes, file: file).items.count
            case .raw: return try R.readRawPage(from: bytes, file: file).items.count
            }
            return 1
        }
    }

    static let cases: [(file: String, reader: Reader, count: Int)] = [
        ("billing-2020-05-01/BillingAccountInvoicesList.json", .invoiceList, 2),
        ("billing-2020-05-01/Invoice.json", .invoice, 1),
        ("billing-2020-05-01/TransactionsListByInvoice.json", .transactions, 2),
        ("billing-2024-04-01/invoicesGetByBillingAccount.json", .invoice, 1),
        ("billing-2024-04-01/transactionSummaryGetByInvoice.json", .transactionSummary, 1),
        ("billing-2024-04-01/transactionsListByInvoice.json", .transactions, 2),
        ("consumption-2024-08-01/BalancesByBillingAccount.json", .balance, 1),
        ("consumption-2024-08-01/Budget.json", .budget, 1),
        ("consumption-2024-08-01/ChargesListByModernBillingAccountGroupByInvoiceSectionId.json", .charges, 2),
        ("consumption-2024-08-01/EAPriceSheetForBillingPeriod.json", .priceSheetDownload, 1),
        ("consumption-2024-08-01/PriceSheet.json", .priceSheet, 1),
        ("consumption-2024-08-01/ReservationRecommendationsByBillingAccount.json", .raw, 2),
        ("consumption-2024-08-01/ReservationTransactionsListByBillingProfileId.json", .reservationTransactions, 1),
        ("consumption-2024-08-01/ReservationTransactionsListByEnrollmentNumber.json", .reservationTransactions, 2),
        ("consumption-2024-08-01/UsageDetailsListByMCABillingAccount.json", .raw, 1),
    ]

    @Test func everyFileHasAReader() throws {
        var present: [String] = []
        for folder in BillingFixtures.folders {
            present += try BillingFixtures.files(in: folder).map { folder + "/" + $0 }
        }
        #expect(present == RealDataCoverageTests.cases.map(\.file))
    }

    @Test(arguments: RealDataCoverageTests.cases) func readsTheExampleAndTheBareBody(
        file: String,
        reader: Reader,
        count: Int
    ) throws {
        #expect(try reader.read(BillingFixtures.bytes(file), file: file) == count)
        #expect(try reader.read(BillingFixtures.bodyBytes(file), file: file) == count)
    }
}
