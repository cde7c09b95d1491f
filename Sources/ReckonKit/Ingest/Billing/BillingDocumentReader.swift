/// A billing document type that can be read from one JSON resource.
///
/// Conformers read the ARM envelope (`id`, `name`, `properties`) and ignore members they do not know.
public protocol BillingResourceDecodable: Sendable {
    /// Reads one resource at `cursor`.
    /// - Throws: ``BillingDocumentError`` for a value of the wrong kind.
    init(from cursor: JSONCursor) throws(BillingDocumentError)

    /// The member names leading from a list response to its items: `["value"]` for most lists,
    /// `["properties", "pricesheets"]` for the Consumption price sheet.
    static var listItemsPath: [String] { get }
}

extension BillingResourceDecodable {
    /// Most Azure lists keep their items in `value`.
    public static var listItemsPath: [String] { ["value"] }
}

/// One file of a paged list, as the caller read it: a name for messages and the bytes.
public struct BillingPageFile: Hashable, Sendable {
    /// The path or name of the file, used in messages.
    public var path: String
    /// The file's content (UTF-8 JSON).
    public var bytes: [UInt8]

    /// Creates a page file.
    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }
}

/// One page of a list response.
public struct BillingPage<Item: Sendable>: Sendable {
    /// The items in document order.
    public var items: [Item]
    /// The link to the next page; `nil` when absent, `null` or empty, meaning this is the last page.
    public var nextLink: String?
    /// The file the page came from.
    public var file: String

    /// Creates a page.
    public init(items: [Item], nextLink: String?, file: String) {
        self.items = items
        self.nextLink = nextLink
        self.file = file
    }
}

/// Reads Azure billing JSON documents: one resource, one list page, or a series of saved pages.
///
/// Every reader accepts either the API response **body** or a Swagger example file that wraps it
/// (`{"parameters": …, "responses": {"200": {"body": …}}}`), which it unwraps; error paths then start
/// at `responses.200.body`. Reading is pure: the caller reads the files and passes their bytes.
public enum BillingDocumentReader {
    /// Parses a document and unwraps a Swagger example wrapper when there is one.
    ///
    /// - Parameters:
    ///   - bytes: the file content.
    ///   - file: the file's name or path, for messages.
    /// - Returns: a cursor at the response body.
    /// - Throws: ``BillingDocumentError`` for invalid JSON or an example without a 2xx body.
    public static func body(of bytes: [UInt8], file: String) throws(BillingDocumentError) -> JSONCursor {
        let value: JSONValue
        do { value = try JSONValue.parse(bytes) } catch { throw BillingDocumentError(file: file, syntax: error) }
        return try unwrapExample(JSONCursor(value: value, file: file))
    }

    /// The response body inside a Swagger example wrapper, or `root` itself when it is not one.
    ///
    /// A wrapper is an object with a `responses` object and a `parameters` member. The body is taken
    /// from `responses.200.body`, or else from the first other 2xx response that has a body (an
    /// asynchronous example lists `202` with headers only, then `200` with the body).
    public static func unwrapExample(_ root: JSONCursor) throws(BillingDocumentError) -> JSONCursor {
        guard case .object(let object) = root.value, object.member(forKeyIgnoringCase: "parameters") != nil,
            let responses = root.member("responses"), case .object(let statuses) = responses.value
        else { return root }
        var codes = statuses.keys.filter { $0.hasPrefix("2") }
        if let ok = codes.firstIndex(of: "200") { codes.insert(codes.remove(at: ok), at: 0) }
        for code in codes {
            if let response = responses.member(code), let body = response.member("body") { return body }
        }
        throw BillingDocumentError(
            file: root.file,
            jsonPath: responses.path.description,
            expected: "a 2xx response with a body (responses.200.body) in this Swagger example",
            found: statuses.isEmpty ? "no responses" : "responses " + statuses.keys.joined(separator: ", ")
        )
    }

    /// Reads a document that holds one resource, such as a single invoice.
    /// - Throws: ``BillingDocumentError``, also when the document is a list page.
    public static func readResource<Item: BillingResourceDecodable>(
        _ type: Item.Type,
        from bytes: [UInt8],
        file: String
    ) throws(BillingDocumentError) -> Item {
        let body = try body(of: bytes, file: file)
        if body.member("properties") == nil, let items = body.member("value"), case .array = items.value {
            throw BillingDocumentError(
                file: file,
                jsonPath: body.path.description,
                expected: "a single \(Item.self) resource",
                found: "a list (an object with a \"value\" array); read it as a list page"
            )
        }
        return try Item(from: body)
    }

    /// Reads one page of a list: its items and its `nextLink`.
    ///
    /// The items sit at `Item.listItemsPath`; `nextLink` is looked for at the top level and inside
    /// `properties` (the Consumption price sheet keeps it there).
    /// - Throws: ``BillingDocumentError`` when the items are missing or malformed.
    public static func readPage<Item: BillingResourceDecodable>(_ type: Item.Type, from bytes: [UInt8], file: String)
        throws(BillingDocumentError) -> BillingPage<Item>
    {
        try readPage(of: body(of: bytes, file: file), itemsPath: Item.listItemsPath) {
            cursor throws(BillingDocumentError) in try Item(from: cursor)
        }
    }

    /// Reads one page of a list whose items are kept as raw JSON (for datasets Reckon does not
    /// model, such as reservation recommendations); see ``readPage(_:from:file:)``.
    public static func readRawPage(from bytes: [UInt8], file: String, itemsPath: [String] = ["value"])
        throws(BillingDocumentError) -> BillingPage<JSONCursor>
    { try readPage(of: body(of: bytes, file: file), itemsPath: itemsPath) { cursor in cursor } }

    /// Reads the saved pages of one list, or a single resource saved on its own (a Get response,
    /// such as one invoice or one balance): one file without a `value` array is a resource.
    /// - Throws: as ``readPages(_:from:)`` and ``readResource(_:from:file:)``.
    public static func readPagesOrResource<Item: BillingResourceDecodable>(
        _ type: Item.Type,
        from files: [BillingPageFile]
    ) throws(BillingDocumentError) -> [Item] {
        if files.count == 1, let only = files.first, try body(of: only.bytes, file: only.path).member("value") == nil {
            return [try readResource(type, from: only.bytes, file: only.path)]
        }
        return try readPages(type, from: files)
    }

    /// Reads the saved pages of one list, in order, and joins their items.
    ///
    /// The pages must form a complete chain: every page but the last has a `nextLink`, and the last
    /// has none. A page whose `nextLink` is set with no page file after it means the download stopped
    /// early; a page file after a page without `nextLink` means files from different lists were mixed.
    ///
    /// - Parameters:
    ///   - type: the item type.
    ///   - files: the page files in order (see ``BillingPageSeries``).
    /// - Returns: the items of all pages in order; empty for no files.
    /// - Throws: ``BillingDocumentError`` naming the file and the `nextLink` for a broken chain.
    public static func readPages<Item: BillingResourceDecodable>(_ type: Item.Type, from files: [BillingPageFile])
        throws(BillingDocumentError) -> [Item]
    {
        var items: [Item] = []
        var previous: BillingPage<Item>?
        for file in files {
            let page = try readPage(type, from: file.bytes, file: file.path)
            if let previous, previous.nextLink == nil {
                throw BillingDocumentError(
                    file: file.path,
                    jsonPath: "",
                    expected: "no further page file, because \(previous.file) has no nextLink (it is the last page)",
                    found: "another page file"
                )
            }
            items.append(contentsOf: page.items)
            previous = page
        }
        if let last = previous, let link = last.nextLink {
            throw BillingDocumentError(
                file: last.file,
                jsonPath: "nextLink",
                expected: "a next page file after \(last.file), because its nextLink is set",
                found: "no further page file; the missing page is at \(link)"
            )
        }
        return items
    }

    private static func readPage<Item>(
        of body: JSONCursor,
        itemsPath: [String],
        decode: (JSONCursor) throws(BillingDocumentError) -> Item
    ) throws(BillingDocumentError) -> BillingPage<Item> {
        _ = try body.object(expected: "an object with a list of items")
        var cursor = body
        for key in itemsPath {
            cursor = try cursor.requiredMember(key, expected: "the list of items (\(itemsPath.joined(separator: ".")))")
        }
        var items: [Item] = []
        for element in try cursor.elements() { items.append(try decode(element)) }
        var link = try body.string("nextLink")
        if link == nil, let properties = body.member("properties") { link = try properties.string("nextLink") }
        if let text = link, text.trimmingASCIIWhitespace().isEmpty { link = nil }
        return BillingPage(items: items, nextLink: link, file: body.file)
    }
}
