/// One line of a journal entry: a debit or a credit to an account and cost center.
public struct JournalLine: Hashable, Sendable {
    /// 1-based within the entry.
    public var lineNumber: Int
    /// The general-ledger account.
    public var account: String
    /// The cost center (id).
    public var costCenter: String
    /// The cost center's name.
    public var costCenterName: String
    /// The debit (zero on a credit line).
    public var debit: Amount
    /// The credit (zero on a debit line).
    public var credit: Amount
    /// The line text.
    public var memo: String
}

/// A balanced entry in one currency.
public struct JournalEntry: Hashable, Sendable {
    /// `<prefix>-<period>-<currency>`, repeated on every line.
    public var id: String
    /// The period.
    public var period: AllocationPeriod
    /// The posting date.
    public var postingDate: Day
    /// The currency.
    public var currency: CurrencyCode
    /// The lines: debits to the consuming cost centers, then the credits to the providing accounts.
    public var lines: [JournalLine]

    /// Σ debits.
    public var totalDebit: Amount { lines.reduce(.zero) { $0 + $1.debit } }
    /// Σ credits.
    public var totalCredit: Amount { lines.reduce(.zero) { $0 + $1.credit } }
}

/// The double-entry journal for the ledger: per currency, a debit to each cost center's expense
/// account for what it is charged, and a credit to the providing account (and to the account of
/// each off-bill amount). A negative charge (refunds above usage) is a credit on that cost center's
/// line. Debits equal credits to the minor unit; ``build(period:charges:tree:billRounded:credits:settings:)``
/// checks it.
public struct Journal: Hashable, Sendable {
    /// One entry per currency, sorted by currency.
    public var entries: [JournalEntry]
    /// The settings it was built with (for templates: company code, document type, ledger).
    public var companyCode: String
    /// The document type.
    public var documentType: String
    /// The ledger.
    public var ledger: String

    /// Whether every entry balances.
    public var isBalanced: Bool { entries.allSatisfy { $0.totalDebit == $0.totalCredit } }

    static func build(
        period: AllocationPeriod,
        charges: [CostCenterCharge],
        tree: CostCenterTree,
        billRounded: [CurrencyCode: Int128],
        credits: [OffBillCredit],
        settings: JournalSettings
    ) throws(AllocationError) -> Journal {
        let posting: Day
        switch settings.postingDate {
        case .lastDayOfPeriod: posting = period.end
        case .firstDayOfPeriod: posting = period.start
        case .day(let day): posting = day
        }
        let nodes = Dictionary(uniqueKeysWithValues: tree.nodes.map { ($0.id, $0) })
        var currencies = Set(billRounded.keys)
        for credit in credits { currencies.insert(credit.currency) }
        var entries: [JournalEntry] = []
        for currency in currencies.sorted() {
            let digits = currency.minorUnitDigits
            var lines: [JournalLine] = []
            func add(
                account: String,
                costCenter: String,
                name: String,
                amount: Amount,
                memo: String,
                debitWhenPositive: Bool
            ) {
                guard !amount.isZero else { return }
                let debit = (amount.signum > 0) == debitWhenPositive
                lines.append(
                    JournalLine(
                        lineNumber: lines.count + 1,
                        account: account,
                        costCenter: costCenter,
                        costCenterName: name,
                        debit: debit ? amount.magnitude : .zero,
                        credit: debit ? .zero : amount.magnitude,
                        memo: memo
                    )
                )
            }
            let prefix = settings.memo.isEmpty ? "" : settings.memo + " "
            for charge in charges where charge.currency == currency {
                guard let node = nodes[charge.costCenter] else { continue }
                add(
                    account: node.glAccount,
                    costCenter: node.id,
                    name: node.name,
                    amount: charge.total,
                    memo: "\(prefix)\(period.label): \(node.name)",
                    debitWhenPositive: true
                )
            }
            let bill = Amount(minorUnits: billRounded[currency] ?? 0, scale: digits)
            let creditName =
                settings.creditCostCenter.isEmpty
                ? ""
                : (nodes.first {
                    CostCenterSpec.normalized($0.key) == CostCenterSpec.normalized(settings.creditCostCenter)
                }?
                .value.name ?? settings.creditCostCenter)
            add(
                account: settings.creditAccount,
                costCenter: settings.creditCostCenter,
                name: creditName,
                amount: bill,
                memo: "\(prefix)\(period.label): recovery of cloud cost",
                debitWhenPositive: false
            )
            for credit in credits where credit.currency == currency {
                add(
                    account: credit.account ?? settings.creditAccount,
                    costCenter: settings.creditCostCenter,
                    name: creditName,
                    amount: credit.amount,
                    memo: "\(prefix)\(period.label): recovery of \(credit.pool) (off-bill)",
                    debitWhenPositive: false
                )
            }
            let entry = JournalEntry(
                id: "\(settings.idPrefix)-\(period.label)-\(currency.code)",
                period: period,
                postingDate: posting,
                currency: currency,
                lines: lines
            )
            guard entry.totalDebit == entry.totalCredit else {
                throw AllocationError(
                    step: "journal",
                    problem:
                        "\(entry.id) does not balance: debits \(entry.totalDebit.fixed(digits)), credits \(entry.totalCredit.fixed(digits))"
                )
            }
            if !lines.isEmpty { entries.append(entry) }
        }
        return Journal(
            entries: entries,
            companyCode: settings.companyCode,
            documentType: settings.documentType,
            ledger: settings.ledger
        )
    }
}
