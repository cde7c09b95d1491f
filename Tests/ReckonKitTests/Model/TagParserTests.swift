import Testing

@testable import ReckonKit

@Suite struct TagParserTests {
    /// The forms azure-formats.md §1.5 lists, with the pairs they hold.
    @Test(arguments: [
        (
            "\"CostCenter\": \"1234\",\"env\": \"prod\",\"org\": \"trey\"",
            [("CostCenter", "1234"), ("env", "prod"), ("org", "trey")]
        ), ("{\"env\": \"prod\", \"app\": \"ml, training\"}", [("env", "prod"), ("app", "ml, training")]),
        ("\"aks-managed-createOperationID\": \"\"", [("aks-managed-createOperationID", "")]),
        (
            "\"kubernetes.io-created-for-pv-name\": \"pvc-1\",\"cm-resource-parent\": \"/subscriptions/x\"",
            [("kubernetes.io-created-for-pv-name", "pvc-1"), ("cm-resource-parent", "/subscriptions/x")]
        ), ("{\"org\": \"a\", \" org\": \"b\"}", [("org", "a"), (" org", "b")]),
        ("{\"n\": 3, \"b\": true, \"z\": null}", [("n", "3"), ("b", "true"), ("z", "")]),
        ("\"env\": \"dev\",\"env\": \"prod\"", [("env", "prod")]), ("", []), ("{}", []), ("[]", []), ("NULL", []),
    ]) func parsesEveryFormAzureWrites(raw: String, expected: [(String, String)]) throws {
        let tags = try TagParser.parse(raw)
        #expect(tags.map(\.key) == expected.map(\.0))
        #expect(tags.map(\.value) == expected.map(\.1))
    }

    @Test(arguments: ["\"env\": prod", "{\"env\": \"prod\"", "\"a\" \"b\"", "[1, 2]"]) func malformedTagsAreAnError(
        raw: String
    ) { #expect(throws: TagParseError.self) { try TagParser.parse(raw) } }

    @Test func keysMatchTrimmedAndCaseFolded() {
        #expect(Tag(key: " CostCenter ", value: "").matchingKey == "costcenter")
    }

    /// The bundled fixture's actual cost file, checked with Python's csv and json modules (rows
    /// without costAllocationRuleName; tags wrapped in braces when needed): 189 untagged rows,
    /// 26 distinct tag strings, 14 keys, one collision group.
    @Test func inspectReportsUntaggedRowsAndKeyCollisions() throws {
        let report = try Inspector.inspect(
            path: Fixtures.path("contoso-2026-10/costdetails/contoso-mca-actual"),
            reject: { _ in }
        )
        let tags = try #require(report.files.first?.tags)
        #expect(tags.untaggedRows == 189)
        #expect(tags.distinctTagSets == 26)
        #expect(tags.distinctKeys == 14)
        #expect(tags.collisions == [[" costcenter", "CostCenter", "costCenter", "costcenter "]])
        #expect(tags.malformedTagSets == 0)
    }
}
