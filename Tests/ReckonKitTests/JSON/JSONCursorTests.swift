import Testing

@testable import ReckonKit

@Suite struct JSONCursorTests {
    private func cursor(_ json: String) throws -> JSONCursor {
        JSONCursor(value: try JSONValue.parse(json), file: "doc.json")
    }

    @Test func pathsRenderLikeJavaScript() {
        let path = JSONPath(components: [.key("value"), .index(3), .key("properties"), .key("billedAmount")])
        #expect(path.description == "value[3].properties.billedAmount")
        let quoted = JSONPath(components: [.key("notifications"), .key("Actual > 80%")])
        #expect(quoted.description == #"notifications["Actual > 80%"]"#)
        #expect(JSONPath.root.description == "")
    }

    @Test func missingAndNullAreNil() throws {
        let doc = try cursor(#"{"a": null, "m": {"currency": "USD", "value": null}}"#)
        #expect(try doc.amount("a") == nil)
        #expect(try doc.amount("absent") == nil)
        #expect(try doc.money("m") == nil)
        #expect(try doc.string("a") == nil)
        #expect(try doc.array("a").isEmpty)
    }

    @Test func membersMatchWithoutCase() throws {
        let doc = try cursor(#"{"Properties": {"BilledAmount": {"Currency": "usd", "Value": 1.5}}}"#)
        let properties = try #require(doc.member("properties"))
        #expect(properties.path.description == "Properties")
        let money = try #require(try properties.money("billedAmount"))
        #expect(money == Money(amount: Amount(minorUnits: 15, scale: 1), currency: CurrencyCode("USD")))
    }

    @Test func plainNumberMoneyTakesTheGivenCurrency() throws {
        let doc = try cursor(#"{"total": 5400, "text": "12.50"}"#)
        #expect(
            try doc.money("total", currency: CurrencyCode("EUR"))
                == Money(amount: Amount(5400), currency: CurrencyCode("EUR"))
        )
        #expect(try doc.money("total")?.currency == .unknown)
        #expect(try doc.amount("text") == Amount(minorUnits: 1250, scale: 2))
    }

    @Test(arguments: [
        (#"{"x": {"v": "n/a"}}"#, "v", #"doc.json: at x.v: expected a number, found the string "n/a""#),
        (#"{"x": {"v": true}}"#, "v", "doc.json: at x.v: expected a number, found true"),
        (#"{"x": {"v": [1, 2]}}"#, "v", "doc.json: at x.v: expected a number, found an array of 2 elements"),
        (#"{"x": {"v": {"a": 1}}}"#, "v", #"doc.json: at x.v: expected a number, found the object {"a":1}"#),
        (
            #"{"x": {"v": 123456789012345678901}}"#, "v",
            "doc.json: at x.v: expected a number of at most 20 integer digits, found the number 123456789012345678901"
        ),
    ]) func wrongKindsNameFileAndPath(json: String, key: String, message: String) throws {
        let inner = try #require(try cursor(json).member("x"))
        #expect { try inner.amount(key) } throws: { error in (error as? BillingDocumentError)?.description == message }
    }

    @Test func wrongDateNamesTheReason() throws {
        let doc = try cursor(#"{"d": "2024-13-01"}"#)
        #expect { try doc.timestamp("d") } throws: { error in
            (error as? BillingDocumentError)?.description
                == "doc.json: at d: expected an ISO 8601 date (month 13 is out of range), found the string \"2024-13-01\""
        }
    }

    @Test func sentinelAndEmptyDatesAreNil() throws {
        let doc = try cursor(#"{"a": "0001-01-01T00:00:00", "b": "", "c": "2024-01-01"}"#)
        #expect(try doc.timestamp("a") == nil)
        #expect(try doc.timestamp("b") == nil)
        #expect(try doc.timestamp("c")?.day == Day(year: 2024, month: 1, day: 1))
    }

    @Test func integersMustBeWhole() throws {
        let doc = try cursor(#"{"m": 20190901, "f": 1.5}"#)
        #expect(try doc.integer("m") == 20_190_901)
        #expect(throws: BillingDocumentError.self) { try doc.integer("f") }
    }
}
