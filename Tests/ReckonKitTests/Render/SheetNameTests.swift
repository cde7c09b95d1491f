import Testing

@testable import ReckonKit

@Suite struct SheetNameTests {
    @Test(arguments: [
        ("Costs", "Costs"), ("a/b\\c:d*e?f[g]h", "a_b_c_d_e_f_g_h"), ("'quoted'", "quoted"), ("It's fine", "It's fine"),
        ("", "Sheet"), ("''", "Sheet"), ("tab\there\u{0}", "tab_here_"),
        ("1234567890123456789012345678901234567890", "1234567890123456789012345678901"),
        ("😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀", "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀"),
    ]) func sanitisesOneName(name: String, expected: String) {
        #expect(SheetName.sanitize(name) == expected)
        #expect(expected.utf16.count <= 31)
    }

    @Test func makesNamesUniqueIgnoringCaseAndKeepsThemShort() {
        let long = String(repeating: "x", count: 40)
        let names = SheetName.unique([
            ("Costs", 1), ("costs", 1), ("COSTS", 1), ("Costs", 2), ("history", 1), (long, 1), (long, 1), (long, 2),
        ])
        #expect(
            names == [
                "Costs", "costs (2)", "COSTS (3)", "Costs (2) (2)", "history (2)", String(repeating: "x", count: 31),
                String(repeating: "x", count: 27) + " (2)", String(repeating: "x", count: 27) + " (3)",
            ]
        )
        #expect(Set(names.map { $0.lowercased() }).count == names.count)
        #expect(names.allSatisfy { $0.utf16.count <= 31 })
    }

    @Test func quotesNamesForFormulas() {
        #expect(SheetName.quoted("Costs (2)") == "'Costs (2)'")
        #expect(SheetName.quoted("It's") == "'It''s'")
    }
}
