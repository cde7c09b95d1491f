import Testing

@testable import ReckonKit

/// Joining saved list pages, ordering page files, and unwrapping Swagger examples.
@Suite struct BillingPagesTests {
    private let listFile = "billing-2020-05-01/BillingAccountInvoicesList.json"

    /// The real invoice list body with its `nextLink` set to `link` (or left out).
    private func invoicePage(nextLink link: String?) throws -> [UInt8] {
        let body = try BillingDocumentReader.body(of: BillingFixtures.bytes(listFile), file: listFile)
        var object = try body.object()
        if let link { object.set(.string(link), forKey: "nextLink") }
        return Array(JSONValue.object(object).description.utf8)
    }

    @Test func joinsPagesInOrder() throws {
        let pages = [
            BillingPageFile(
                path: "invoices.json",
                bytes: try invoicePage(nextLink: "https://example.invalid/invoices?page=2")
            ), BillingPageFile(path: "invoices.page2.json", bytes: try invoicePage(nextLink: nil)),
        ]
        let invoices = try BillingDocumentReader.readPages(Invoice.self, from: pages)
        #expect(invoices.map(\.name) == ["1383723", "1383724", "1383723", "1383724"])
    }

    @Test func nextLinkNullEndsTheChain() throws {
        var page = try BillingDocumentReader.body(of: invoicePage(nextLink: nil), file: "p.json").object()
        page.set(.null, forKey: "nextLink")
        let bytes = Array(JSONValue.object(page).description.utf8)
        let invoices = try BillingDocumentReader.readPages(
            Invoice.self,
            from: [BillingPageFile(path: "invoices.json", bytes: bytes)]
        )
        #expect(invoices.count == 2)
        #expect(try BillingDocumentReader.readPages(Invoice.self, from: []).isEmpty)
    }

    @Test func aNextLinkWithoutANextFileIsAnError() throws {
        let pages = [
            BillingPageFile(
                path: "invoices.json",
                bytes: try invoicePage(nextLink: "https://example.invalid/invoices?page=2")
            )
        ]
        #expect { try BillingDocumentReader.readPages(Invoice.self, from: pages) } throws: { error in
            guard let error = error as? BillingDocumentError else { return false }
            #expect(error.file == "invoices.json")
            #expect(error.jsonPath == "nextLink")
            #expect(
                error.description
                    == "invoices.json: at nextLink: expected a next page file after invoices.json, because its nextLink is set, found no further page file; the missing page is at https://example.invalid/invoices?page=2"
            )
            return true
        }
    }

    @Test func theRealPriceSheetNextLinkNeedsItsNextPage() throws {
        let file = "consumption-2024-08-01/PriceSheet.json"
        #expect {
            try BillingDocumentReader.readPages(
                PriceSheetItem.self,
                from: [BillingPageFile(path: file, bytes: try BillingFixtures.bytes(file))]
            )
        } throws: { error in
            guard let error = error as? BillingDocumentError else { return false }
            #expect(error.file == file)
            #expect(error.found.hasSuffix("pricesheets/default?api-version=2018-01-31&$skiptoken=AQAAAA%3D%3D"))
            return true
        }
    }

    @Test func aPageAfterTheLastPageIsAnError() throws {
        let pages = [
            BillingPageFile(path: "invoices.json", bytes: try invoicePage(nextLink: nil)),
            BillingPageFile(path: "invoices.page2.json", bytes: try invoicePage(nextLink: nil)),
        ]
        #expect { try BillingDocumentReader.readPages(Invoice.self, from: pages) } throws: { error in
            (error as? BillingDocumentError)?.description
                == "invoices.page2.json: expected no further page file, because invoices.json has no nextLink (it is the last page), found another page file"
        }
    }

    @Test func ordersPageFilesIntoSeries() throws {
        let series = try BillingPageSeries.group([
            "transactions/G123.page2.json", "invoices.page10.json", "invoices.json", "transactions/G123.json",
            "invoices.page2.json", "invoices.page3.json", "invoices.page4.json", "invoices.page5.json",
            "invoices.page6.json", "invoices.page7.json", "invoices.page8.json", "invoices.page9.json",
            "a.b/summary.json",
        ])
        #expect(series.map(\.name) == ["a.b/summary", "invoices", "transactions/G123"])
        #expect(series[0].paths == ["a.b/summary.json"])
        #expect(series[1].paths.first == "invoices.json")
        #expect(series[1].paths.last == "invoices.page10.json")
        #expect(series[1].paths.count == 10)
        #expect(series[2].paths == ["transactions/G123.json", "transactions/G123.page2.json"])
        #expect(
            try BillingPageSeries.group(["x.page1.json"]) == [BillingPageSeries(name: "x", paths: ["x.page1.json"])]
        )
    }

    @Test(arguments: [
        (
            ["invoices.json", "invoices.page3.json"],
            "invoices.page2.json: expected page 2 of invoices (invoices.page2.json), because invoices.page3.json is page 3, found no such file"
        ),
        (
            ["invoices.page2.json"],
            "invoices.json: expected page 1 of invoices (invoices.json), because invoices.page2.json is page 2, found no such file"
        ),
        (
            ["invoices.json", "invoices.page1.json"],
            "invoices.page1.json: expected one file for page 1 of invoices, found two: invoices.json and invoices.page1.json"
        ),
        (
            ["invoices.csv"],
            "invoices.csv: expected a page file named <name>.json or <name>.pageN.json, found a file name without the .json extension"
        ),
    ]) func reportsBrokenSeries(paths: [String], message: String) {
        #expect { try BillingPageSeries.group(paths) } throws: { error in
            (error as? BillingDocumentError)?.description == message
        }
    }

    @Test func unwrapsOnlySwaggerExamples() throws {
        // A body that happens to have a "responses" member but no "parameters" is left alone.
        let body = try JSONValue.parse(#"{"responses": {"200": {"body": 1}}, "value": []}"#)
        let cursor = try BillingDocumentReader.unwrapExample(JSONCursor(value: body, file: "b.json"))
        #expect(cursor.path == .root)
    }

    @Test func anExampleWithoutABodyIsAnError() {
        let json = #"{"parameters": {}, "responses": {"202": {"headers": {}}, "204": {}}}"#
        #expect {
            try BillingDocumentReader.readResource(Budget.self, from: Array(json.utf8), file: "Budget.json")
        } throws: { error in
            (error as? BillingDocumentError)?.description
                == "Budget.json: at responses: expected a 2xx response with a body (responses.200.body) in this Swagger example, found responses 202, 204"
        }
    }
}
