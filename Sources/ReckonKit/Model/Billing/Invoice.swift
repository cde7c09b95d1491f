/// An invoice from the Microsoft.Billing Invoices API (2020-05-01 and 2024-04-01 shapes).
///
/// Every amount is optional: an amount the document does not give is `nil`, never zero. Enumerated
/// values (`status`, `documentType`, `specialTaxationType`…) are kept as the open strings Azure
/// sent, because real data already shows values beyond the documented lists (`PastDue`).
///
/// Working relation for reconciliation (formats notes §3.2, to be checked, not asserted):
/// `totalAmount ≈ billedAmount − azurePrepaymentApplied − creditAmount − freeAzureCreditApplied + taxAmount`.
public struct Invoice: Hashable, Sendable {
    /// The ARM resource ID (`/providers/Microsoft.Billing/billingAccounts/…/invoices/G123456789`).
    public var id: String?
    /// The invoice number, such as `G123456789`.
    public var name: String?
    /// The date the invoice was issued.
    public var invoiceDate: Timestamp?
    /// The date payment is due.
    public var dueDate: Timestamp?
    /// The start of the billing period (`invoicePeriodStartDate`).
    public var periodStart: Timestamp?
    /// The end of the billing period (`invoicePeriodEndDate`).
    public var periodEnd: Timestamp?
    /// The status as sent: `Due`, `OverDue`, `PastDue`, `Paid`, `Void`, `Locked`, `Other`…
    public var status: String?
    /// The billing profile's resource ID.
    public var billingProfileId: String?
    /// The billing profile's display name.
    public var billingProfileDisplayName: String?
    /// The purchase order number.
    public var purchaseOrderNumber: String?
    /// Whether this is the regular monthly invoice.
    public var isMonthlyInvoice: Bool?

    /// Total charges for the invoice billing period.
    public var billedAmount: Money?
    /// The pre-tax amount due.
    public var subTotal: Money?
    /// The tax.
    public var taxAmount: Money?
    /// Refunds for returns and cancellations in the period.
    public var creditAmount: Money?
    /// Azure prepayment (commitment) applied to the charges.
    public var azurePrepaymentApplied: Money?
    /// Free Azure credits applied.
    public var freeAzureCreditApplied: Money?
    /// The amount due when the invoice was generated.
    public var totalAmount: Money?
    /// The amount due now (changes as payments arrive).
    public var amountDue: Money?

    /// The document type as sent (2024-04-01), such as `Invoice` or `CreditNote`.
    public var documentType: String?
    /// The invoice type as sent (2024-04-01), such as `AzureServices`.
    public var invoiceType: String?
    /// The special taxation as sent (2024-04-01); `SubtotalLevel` means VAT is computed on the
    /// subtotal, so line taxes must not be summed (see ``isTaxedAtSubtotalLevel``).
    public var specialTaxationType: String?
    /// The ID of the document this one is a credit for (2024-04-01).
    public var creditForDocumentId: String?
    /// The ID of the billed document (2024-04-01).
    public var billedDocumentId: String?
    /// The rebill chain (2024-04-01), outermost link first; empty when there is none.
    public var rebillChain: [RebillLink]

    /// The documents attached to the invoice.
    public var documents: [InvoiceDocumentReference]
    /// The payments recorded against the invoice.
    public var payments: [InvoicePayment]

    /// Whether tax is computed at subtotal level (`specialTaxationType` is `SubtotalLevel`, any case).
    public var isTaxedAtSubtotalLevel: Bool {
        guard let specialTaxationType else { return false }
        return JSONObject.equalIgnoringASCIICase(specialTaxationType, "SubtotalLevel")
    }

    /// Creates an invoice with every field empty; readers fill it in.
    public init() {
        rebillChain = []
        documents = []
        payments = []
    }
}

extension Invoice {
    /// The subtotal the header rules start from: `subTotal`, or `billedAmount` when the invoice
    /// states none; nil when it states neither.
    public var statedSubTotal: Amount? { subTotal?.amount ?? billedAmount?.amount }

    /// The total the invoice's parts give: subtotal − prepayment − credit − free credit + tax
    /// (a part it does not state counts as zero); nil without a subtotal. Reconciliation's header
    /// rule `total_follows_from_parts` and inspect both compare `totalAmount` with it.
    public var totalFromParts: Amount? {
        guard let subTotal = statedSubTotal else { return nil }
        return subTotal - (azurePrepaymentApplied?.amount ?? .zero) - (creditAmount?.amount ?? .zero)
            - (freeAzureCreditApplied?.amount ?? .zero) + (taxAmount?.amount ?? .zero)
    }
}

/// One link of an invoice's rebill chain: the credit note that voided an invoice and the invoice that replaced it.
public struct RebillLink: Hashable, Sendable {
    /// The resource ID of the credit note.
    public var creditNoteDocumentId: String?
    /// The resource ID of the (re-issued) invoice.
    public var invoiceDocumentId: String?

    /// Creates a link.
    public init(creditNoteDocumentId: String?, invoiceDocumentId: String?) {
        self.creditNoteDocumentId = creditNoteDocumentId
        self.invoiceDocumentId = invoiceDocumentId
    }
}

/// A document attached to an invoice: 2020-05-01 gives `kind`, `url`, `source`; 2024-04-01 gives `kind`, `name`.
public struct InvoiceDocumentReference: Hashable, Sendable {
    /// The kind as sent: `Invoice`, `TaxReceipt`, `CreditNote`…
    public var kind: String?
    /// The document's name (2024-04-01).
    public var name: String?
    /// The download URL (2020-05-01).
    public var url: String?
    /// The document source (2020-05-01), such as `DRS`.
    public var source: String?

    /// Creates a reference.
    public init(kind: String? = nil, name: String? = nil, url: String? = nil, source: String? = nil) {
        self.kind = kind
        self.name = name
        self.url = url
        self.source = source
    }
}

/// A payment recorded against an invoice.
public struct InvoicePayment: Hashable, Sendable {
    /// When the payment was made.
    public var date: Timestamp?
    /// The payment type as sent, such as `credited`.
    public var paymentType: String?
    /// The amount paid.
    public var amount: Money?
    /// The payment method family as sent, such as `CreditCard`.
    public var paymentMethodFamily: String?
    /// The payment method type as sent, such as `visa`.
    public var paymentMethodType: String?

    /// Creates a payment.
    public init(
        date: Timestamp? = nil,
        paymentType: String? = nil,
        amount: Money? = nil,
        paymentMethodFamily: String? = nil,
        paymentMethodType: String? = nil
    ) {
        self.date = date
        self.paymentType = paymentType
        self.amount = amount
        self.paymentMethodFamily = paymentMethodFamily
        self.paymentMethodType = paymentMethodType
    }
}
