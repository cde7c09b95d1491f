/// A month's inputs, as a user saves them (documented in `docs/reconcile.md`):
///
/// ```
/// <month>/
///   costdetails/                 an export container: runs with manifest.json and partitions
///   invoices.json                the invoice list response (further pages invoices.page2.json …)
///   transactions/<invoice>.json  list-by-invoice responses (<invoice>.page2.json … by nextLink)
///   pricesheet.csv               optional: the price-sheet export (or pricesheet.json from the API)
///   balances.json                optional, EA: the usage summary (Balances API)
///   reservation-transactions.json  optional, EA: reservation purchases and refunds
/// ```
///
/// Each part can also be given explicitly; an explicit path wins over the layout.
public struct MonthFolder: Sendable {
    /// The cost files and the notes on runs chosen.
    public var costPlan: InputPlan
    /// Invoice list page files, in order.
    public var invoicePages: [String]
    /// Transaction page files (all invoices), by series.
    public var transactionPages: [String]
    /// The price sheet, if any.
    public var priceSheet: String?
    /// The EA usage summary, if any.
    public var balances: String?
    /// EA reservation transactions, if any.
    public var reservationTransactions: String?
    /// The month folder, when one was given.
    public var root: String?

    /// `path` relative to the month folder when it is inside it (for outputs that must not depend
    /// on where the folder sits).
    public func relative(_ path: String) -> String {
        guard let root, path.hasPrefix(root + "/") else { return path }
        return String(path.dropFirst(root.count + 1))
    }

    /// Explicit paths that override the layout.
    public struct Overrides: Sendable {
        /// Cost file or export folder.
        public var costDetails: String?
        /// The invoice list file.
        public var invoices: String?
        /// The folder of transaction pages, or one transactions file.
        public var transactions: String?
        /// The price sheet file.
        public var priceSheet: String?

        /// No overrides.
        public init(
            costDetails: String? = nil,
            invoices: String? = nil,
            transactions: String? = nil,
            priceSheet: String? = nil
        ) {
            self.costDetails = costDetails
            self.invoices = invoices
            self.transactions = transactions
            self.priceSheet = priceSheet
        }
    }

    /// Finds the parts of a month folder (or takes them from `overrides`).
    ///
    /// - Throws: ``IngestError`` when there are no cost files or a named path does not exist.
    public static func discover(root: String?, overrides: Overrides = Overrides(), metric: CostMetric? = nil)
        throws(IngestError) -> MonthFolder
    {
        func existing(_ path: String?) -> String? {
            guard let path, FileSystem.exists(path) else { return nil }
            return path
        }
        func required(_ path: String?) throws(IngestError) -> String? {
            guard let path else { return nil }
            guard FileSystem.exists(path) else { throw IngestError(file: path, problem: "no such file or folder") }
            return path
        }
        let base = root.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
        let costPath: String
        if let given = try required(overrides.costDetails) {
            costPath = given
        } else if let base {
            costPath = MonthFolder.costPath(in: base)
        } else {
            throw IngestError(file: "-", problem: "no cost data given: pass a month folder or --costdetails")
        }
        var plan: InputPlan
        do throws(IngestError) {
            plan = try InputDiscovery.costFiles(at: costPath, metric: metric)
            if let unfinished = plan.unfinishedPages.first { throw IngestError(file: costPath, problem: unfinished) }
        } catch {
            // A folder of invoice documents only can still be checked (header arithmetic, and every
            // invoice line reported as missing usage); a named cost path must hold cost data.
            guard overrides.costDetails == nil, error.problem.hasPrefix("the folder holds no cost files") else {
                throw error
            }
            plan = InputPlan(
                files: [],
                notes: ["no cost files in \(costPath): every invoice line is reported as missing usage"],
                scanned: true
            )
        }

        var invoicePages: [String] = []
        if let given = try required(overrides.invoices) {
            invoicePages = [given]
        } else if let base {
            invoicePages = FileSystem.filesRecursively(in: base)
                .filter { $0 == "invoices.json" || ($0.hasPrefix("invoices.page") && $0.hasSuffix(".json")) }
                .map { base + "/" + $0 }
        }
        var transactionPages: [String] = []
        if let given = try required(overrides.transactions), !FileSystem.isDirectory(given) {
            transactionPages = [given]
        } else if let folder = try required(overrides.transactions)
            ?? existing(base.map(MonthFolder.transactionsFolder(in:)))
        {
            transactionPages = FileSystem.filesRecursively(in: folder)
                .filter { $0.lowercased().hasSuffix(".json") && !$0.contains("/") }.map { folder + "/" + $0 }
        }
        let priceSheet =
            try required(overrides.priceSheet) ?? existing(base.map { $0 + "/pricesheet.csv" }) ?? existing(
                base.map { $0 + "/pricesheet.csv.gz" }
            ) ?? existing(base.map { $0 + "/pricesheet.json" })
        return MonthFolder(
            costPlan: plan,
            invoicePages: invoicePages,
            transactionPages: transactionPages,
            priceSheet: priceSheet,
            balances: existing(base.map { $0 + "/balances.json" }),
            reservationTransactions: existing(base.map { $0 + "/reservation-transactions.json" }),
            root: base
        )
    }
}

extension MonthFolder {
    /// The folders a run reads files from in the month folder `root`, as ``discover(root:overrides:metric:)``
    /// finds them: its `costdetails/` (or the folder itself when it has none, as its cost files
    /// then sit in it) and `transactions/`. An output written inside one would be read by the
    /// next run; one beside them (`<month>/reports/`) would not.
    static func foldersRead(root: String) -> [String] {
        let base = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
        return [costPath(in: base), transactionsFolder(in: base)]
    }

    /// Where a month folder's cost files are: its `costdetails/` when it has one, else the month
    /// folder itself (a folder of loose cost files).
    static func costPath(in base: String) -> String {
        FileSystem.exists(base + "/costdetails") ? base + "/costdetails" : base
    }

    /// Where a month folder's Transactions API pages are.
    static func transactionsFolder(in base: String) -> String { base + "/transactions" }
}

extension MonthFolder {
    /// Notes on JSON files at the top of the month folder that hold a billing document
    /// reconciliation reads, recognised by their content as `inspect` recognises them, but that are
    /// not read because the month folder finds its documents by name (`invoices.json`,
    /// `transactions/`, `balances.json`, `reservation-transactions.json`, `pricesheet.json`).
    ///
    /// The rule stays one rule: files are read by name; a document under another name is named,
    /// never guessed into the run. A file that is not valid JSON, or not such a document, says
    /// nothing here.
    public func unreadDocumentNotes() -> [String] {
        guard let root, FileSystem.isDirectory(root) else { return [] }
        var read = Set(invoicePages + transactionPages + costPlan.files.map(\.path) + costPlan.manifests)
        for path in [priceSheet, balances, reservationTransactions] { if let path { read.insert(path) } }
        let names = FileSystem.files(in: root)
            .filter { $0.lowercased().hasSuffix(".json") && !read.contains(root + "/" + $0) }
        // A kind read from a file given by option (`--invoices`, `--price-sheet`): a file of it in
        // the folder is left out on purpose, and the note says what was read instead.
        func givenElsewhere(_ paths: [String]) -> String? {
            paths.isEmpty || paths.contains { $0.hasPrefix(root + "/") } ? nil : paths[0]
        }
        let given: [BillingDocumentKind: String] = [
            .invoices: givenElsewhere(invoicePages), .invoice: givenElsewhere(invoicePages),
            .transactions: givenElsewhere(transactionPages),
            .priceSheet: givenElsewhere([priceSheet].compactMap { $0 }),
        ]
        .compactMapValues { $0 }
        var notes: [String] = []
        for name in names {
            guard let bytes = try? FileSystem.read(root + "/" + name),
                let body = try? BillingDocumentReader.body(of: bytes, file: name),
                let kind = DocumentInspector.classify(body, path: name)
            else { continue }
            if let what = MonthFolder.notCompared[kind] {
                notes.append(
                    "\(name) holds \(what), which reconciliation does not compare (it compares invoices, their transactions and an EA balance): reckon inspect shows what it holds"
                )
                continue
            }
            guard let (what, whereRead) = MonthFolder.readByName[kind] else { continue }
            if let other = given[kind] {
                notes.append("\(name) holds \(what) but is not read: \(other) was given instead")
            } else {
                notes.append(
                    "\(name) holds \(what) (recognised by its content) but is not read: a month folder's \(whereRead)"
                )
            }
        }
        return notes
    }

    /// Billing documents a month folder may hold that reconciliation reads under no name: what a
    /// file of each holds, for the note that says it is not compared.
    static let notCompared: [BillingDocumentKind: String] = [
        .charges: "charge summaries (the Charges API)", .transactionSummary: "a transaction summary",
    ]

    /// For each billing document kind reconciliation reads: what a file of it holds, and the name
    /// the month folder reads it under.
    static let readByName: [BillingDocumentKind: (String, String)] = [
        .invoices: (
            "an invoice list",
            "invoices are read from invoices.json (more pages invoices.page2.json, …); rename it, or give it to reckon reconcile with --invoices"
        ),
        .invoice: (
            "an invoice",
            "invoices are read from invoices.json; rename it, or give it to reckon reconcile with --invoices"
        ),
        .transactions: (
            "transactions by invoice", "transactions are read from transactions/<invoice>.json; move it there"
        ), .balance: ("an EA balance (usage summary)", "balance is read from balances.json; rename it"),
        .reservationTransactions: (
            "reservation transactions",
            "reservation transactions are read from reservation-transactions.json; rename it"
        ),
        .priceSheet: (
            "a price sheet",
            "price sheet is read from pricesheet.csv or pricesheet.json; rename it, or give it to reckon reconcile with --price-sheet"
        ),
    ]
}
